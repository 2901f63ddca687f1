import { useCreateServer, useUpdateServer } from "@/api/servers";
import { SERVER_ROLES, type EnrolmentToken, type Server, type ServerCreate, type ServerRole } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { TextField } from "@/components/Field";
import { required, useForm } from "@/lib/form";
import { toast } from "@/components/Toast";
import { ROLE_LABELS } from "../hosting/labels";

const CAPACITY = [
  ["sites", "Sites"],
  ["zones", "DNS zones"],
  ["mailboxes", "Mailboxes"],
  ["databases", "Databases"],
  ["diskGb", "Disk (GB)"],
] as const;
type CapacityKey = (typeof CAPACITY)[number][0];

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/i;
const count = (v: unknown) => (String(v ?? "").trim() === "" || /^\d{1,9}$/.test(String(v).trim()) ? null : "A whole number, or blank for no limit.");

/** The capacity the server stores (snake case, as given) read back into the form. */
function capacityValue(server: Server | undefined, key: CapacityKey): string {
  const c = server?.capacity ?? {};
  const v = c[key] ?? (key === "diskGb" ? c["disk_gb"] : undefined);
  return v === undefined || v === null ? "" : String(v);
}

/** Add a server (then show its one-time token) or edit one; the API's field errors land on their inputs. */
export function ServerForm({ server, onCreated, onDone }: { server?: Server; onCreated?: (server: Server, token: EnrolmentToken) => void; onDone: () => void }) {
  const create = useCreateServer();
  const update = useUpdateServer();
  const form = useForm(
    {
      name: server?.name ?? "",
      hostname: server?.hostname ?? "",
      roles: (server?.roles ?? ["web", "dns"]) as ServerRole[],
      ...(Object.fromEntries(CAPACITY.map(([k]) => [k, capacityValue(server, k)])) as Record<CapacityKey, string>),
    },
    {
      name: required("Name"),
      hostname: (v) => (!String(v).trim() ? "Host name is required." : HOSTNAME.test(String(v).trim()) ? null : "A host name such as node1.example.net."),
      roles: (v) => (v.length ? null : "Choose at least one role."),
      sites: count,
      zones: count,
      mailboxes: count,
      databases: count,
      diskGb: count,
    },
    { codeFields: { server_name_taken: "name" } },
  );
  const v = form.values;
  const toggleRole = (role: ServerRole, on: boolean) =>
    form.setValue("roles", on ? SERVER_ROLES.filter((r) => r === role || v.roles.includes(r)) : v.roles.filter((r) => r !== role));
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label={server ? "Edit server" : "Add server"}
      className="space-y-4"
      onSubmit={form.handleSubmit(async (val) => {
        const capacity = Object.fromEntries(CAPACITY.filter(([k]) => val[k].trim() !== "").map(([k]) => [k, Number(val[k])])) as ServerCreate["capacity"];
        const body = { name: val.name.trim(), hostname: val.hostname.trim().toLowerCase(), roles: val.roles, capacity };
        if (server) {
          await update.mutateAsync({ id: server.id, body });
          toast(`${body.name} saved`);
          onDone();
        } else {
          const created = await create.mutateAsync(body);
          onCreated?.(created.server, { enrolmentToken: created.enrolmentToken, enrolmentExpiresAt: created.enrolmentExpiresAt });
        }
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" placeholder="node1" autoFocus maxLength={100} {...form.field("name")} />
        <TextField label="Host name" placeholder="node1.example.net" autoCapitalize="none" spellCheck={false} {...form.field("hostname")} />
      </div>
      <fieldset aria-describedby="roles-help" aria-invalid={!!form.error("roles") || undefined}>
        <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Roles</legend>
        <div className="mt-2 flex flex-wrap gap-2" role="group" aria-label="Roles">
          {SERVER_ROLES.map((r) => (
            <label key={r} className="inline-flex cursor-pointer items-center gap-2 rounded-md px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300 has-[:checked]:bg-indigo-50 has-[:checked]:ring-indigo-500 dark:ring-slate-700 dark:has-[:checked]:bg-indigo-500/15">
              <input type="checkbox" name="roles" value={r} checked={v.roles.includes(r)} onChange={(e) => toggleRole(r, e.target.checked)} className="h-4 w-4 rounded border-slate-300 text-indigo-600" />
              {ROLE_LABELS[r]}
            </label>
          ))}
        </div>
        {form.error("roles") ? (
          <p id="roles-help" className="mt-1 text-xs text-red-600 dark:text-red-400" data-field-error>
            {form.error("roles")}
          </p>
        ) : (
          <p id="roles-help" className="mt-1 text-xs text-slate-500">What the node's agent serves; new objects go only to nodes with their role.</p>
        )}
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Capacity</legend>
        <p className="text-xs text-slate-500">Placement puts no more than this on the node; blank for no limit.</p>
        <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-5">
          {CAPACITY.map(([k, label]) => (
            <TextField key={k} label={label} inputMode="numeric" {...form.field(k)} />
          ))}
        </div>
      </fieldset>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          {server ? "Save" : "Add server"}
        </Button>
      </div>
    </form>
  );
}

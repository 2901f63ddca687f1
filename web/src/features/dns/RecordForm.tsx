import { useCreateRecord, useUpdateRecord } from "@/api/dns";
import type { DnsRecord } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { SelectField, TextField } from "@/components/Field";
import { toast } from "@/components/Toast";
import { useForm } from "@/lib/form";
import { RECORD_TYPES, recordHelp, ttlError } from "./records";

/**
 * Add or edit one record, inline in the records table. The API checks everything (names in the
 * zone, the content per type, one TTL per set, CNAME rules); its errors land on the field they name.
 */
export function RecordForm({ zoneId, zoneName, defaultTtl, record, onDone }: { zoneId: string; zoneName: string; defaultTtl: number; record?: DnsRecord; onDone: () => void }) {
  const create = useCreateRecord(zoneId);
  const update = useUpdateRecord(zoneId);
  const form = useForm(
    { name: record?.name ?? "", type: record?.type ?? "A", ttl: record ? String(record.ttl) : "", content: record?.content ?? "" },
    {
      content: (v) => (String(v).trim() ? null : "Content is required."),
      ttl: ttlError,
    },
  );
  const v = form.values;
  const help = recordHelp(v.type);
  const label = record ? "Edit record" : "Add record";
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label={label}
      className="space-y-3"
      onSubmit={form.handleSubmit(async (val) => {
        const body = { name: val.name.trim() || "@", type: val.type, content: val.content.trim(), ...(val.ttl.trim() ? { ttl: Number(val.ttl) } : {}) };
        if (record) {
          await update.mutateAsync({ id: record.id, body });
          toast("Record saved: the zone goes to its node again");
        } else {
          await create.mutateAsync(body);
          toast(`${body.type} record added`);
        }
        onDone();
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_7rem_7rem_minmax(0,2fr)]">
        <TextField label="Name" placeholder="@ or www" hint={`Relative to ${zoneName}; @ is the apex.`} autoFocus autoCapitalize="none" spellCheck={false} {...form.field("name")} />
        <SelectField label="Type" options={RECORD_TYPES.map((t) => ({ value: t, label: t }))} {...form.field("type")} />
        <TextField label="TTL" inputMode="numeric" placeholder={String(defaultTtl)} hint="Seconds" {...form.field("ttl")} />
        <TextField label="Content" placeholder={help.placeholder} hint={help.hint} autoCapitalize="none" spellCheck={false} {...form.field("content")} />
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" size="sm" onClick={onDone} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" size="sm" loading={form.submitting}>
          {record ? "Save record" : "Add record"}
        </Button>
      </div>
    </form>
  );
}

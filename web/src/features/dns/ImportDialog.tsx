import { useState } from "react";
import { useImportZone } from "@/api/dns";
import type { Zone, ZoneImported } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { Checkbox, FieldShell, inputClass } from "@/components/Field";
import { Modal } from "@/components/Modal";
import { useForm } from "@/lib/form";

/** Paste a BIND zone file; its records are added (or replace all). Refused whole if one is bad. */
export function ImportDialog({ zone, open, onClose }: { zone: Zone; open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title={`Import into ${zone.name}`} size="lg">
      {open && <ImportForm zone={zone} onClose={onClose} />}
    </Modal>
  );
}

function ImportForm({ zone, onClose }: { zone: Zone; onClose: () => void }) {
  const importZone = useImportZone();
  const [result, setResult] = useState<ZoneImported | null>(null);
  const form = useForm({ zoneFile: "", replace: false }, { zoneFile: (v) => (String(v).trim() ? null : "Paste the zone file.") });
  if (result) {
    return (
      <div className="space-y-4" data-testid="import-result">
        <Alert tone="success" title={`${result.imported} record${result.imported === 1 ? "" : "s"} imported.`}>
          {result.skipped.length ? "Skipped:" : "Nothing was skipped."}
        </Alert>
        {result.skipped.length > 0 && (
          <ul className="max-h-48 list-inside list-disc overflow-auto font-mono text-xs text-slate-600 dark:text-slate-300">
            {result.skipped.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        )}
        <div className="flex justify-end">
          <Button onClick={onClose}>Done</Button>
        </div>
      </div>
    );
  }
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Import zone file"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => setResult(await importZone.mutateAsync({ id: zone.id, body: { zoneFile: v.zoneFile, replace: v.replace } })))}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <FieldShell label="Zone file" error={form.error("zoneFile")} hint={`BIND format; relative names are in ${zone.name}. The SOA is the panel's own; types it does not serve are skipped.`}>
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            rows={12}
            spellCheck={false}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            className={`${inputClass} font-mono text-xs`}
            placeholder={`$TTL 3600\n@    IN A     192.0.2.10\nwww  IN CNAME @\n@    IN MX    10 mail.${zone.name}.`}
            {...form.field("zoneFile")}
          />
        )}
      </FieldShell>
      <Checkbox label="Replace all records" hint="Off: the file's records are added to the zone's." name="replace" checked={form.values.replace} onChange={(e) => form.setValue("replace", e.target.checked)} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Import
        </Button>
      </div>
    </form>
  );
}

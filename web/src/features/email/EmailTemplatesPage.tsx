import { useEffect, useState } from "react";
import { useEmailTemplates, usePreviewEmailTemplate, useResetEmailTemplate, useSaveEmailTemplate } from "@/api/email";
import type { EmailPreview, EmailTemplate } from "@/api/types";
import { useAuth } from "@/app/auth/AuthProvider";
import { Button } from "@/components/Button";
import { Badge, Card, CardBody, CardHeader, PageHeader } from "@/components/Card";
import { Alert, ErrorState, PageLoader } from "@/components/Feedback";
import { FieldShell, TextField, inputClass } from "@/components/Field";
import { toast } from "@/components/Toast";
import { cn } from "@/lib/cn";
import { useForm } from "@/lib/form";

function Variables({ variables }: { variables: Record<string, unknown> }) {
  const names: string[] = [];
  for (const [key, value] of Object.entries(variables)) {
    if (value && typeof value === "object") for (const sub of Object.keys(value)) names.push(`${key}.${sub}`);
    else names.push(key);
  }
  return (
    <p className="text-xs text-slate-500">
      Variables:{" "}
      {names.map((n) => (
        <code key={n} className="mr-1 rounded bg-slate-100 px-1 py-0.5 dark:bg-slate-800">{`{{ ${n} }}`}</code>
      ))}
    </p>
  );
}

function TemplateEditor({ template, canWrite }: { template: EmailTemplate; canWrite: boolean }) {
  const form = useForm({ subject: template.subject, html: template.html, text: template.text });
  const save = useSaveEmailTemplate(template.kind);
  const reset = useResetEmailTemplate(template.kind);
  const preview = usePreviewEmailTemplate(template.kind);
  const [shown, setShown] = useState<EmailPreview | null>(null);
  const { setValue } = form;
  useEffect(() => {
    setValue("subject", template.subject);
    setValue("html", template.html);
    setValue("text", template.text);
    setShown(null);
  }, [template, setValue]);

  const textArea = (name: "html" | "text", label: string, rows: number) => {
    const f = form.field(name);
    return (
      <FieldShell label={label} error={f.error}>
        {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          rows={rows}
          spellCheck={false}
          readOnly={!canWrite}
          className={cn(inputClass, "font-mono text-xs")}
          name={f.name}
          value={f.value}
          onChange={f.onChange}
          onBlur={f.onBlur}
        />
        )}
      </FieldShell>
    );
  };

  return (
    <Card>
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            {template.title} {template.customized ? <Badge tone="indigo">customized</Badge> : <Badge>default</Badge>}
          </span>
        }
        description={template.description}
      />
      <CardBody>
        <form
          ref={form.formRef}
          className="space-y-4"
          aria-label={`Template ${template.kind}`}
          onSubmit={form.handleSubmit(async (v) => {
            await save.mutateAsync(v);
            toast("Template saved.");
          })}
        >
          {form.formError && <Alert>{form.formError}</Alert>}
          <TextField label="Subject" readOnly={!canWrite} {...form.field("subject")} />
          {textArea("html", "HTML body", 12)}
          {textArea("text", "Text body", 8)}
          <Variables variables={template.variables} />
          <div className="flex flex-wrap gap-2">
            <Button
              variant="secondary"
              loading={preview.isPending}
              onClick={async () => {
                try {
                  setShown(await preview.mutateAsync(form.values));
                } catch (e) {
                  form.applyServerError(e);
                }
              }}
            >
              Preview
            </Button>
            {canWrite && (
              <>
                <Button type="submit" loading={form.submitting}>
                  Save
                </Button>
                {template.customized && (
                  <Button
                    variant="secondary"
                    loading={reset.isPending}
                    onClick={async () => {
                      await reset.mutateAsync();
                      toast("Back to the default template.");
                    }}
                  >
                    Reset to default
                  </Button>
                )}
              </>
            )}
          </div>
        </form>
        {shown && (
          <div className="mt-6 space-y-3" data-testid="email-preview">
            <p className="text-sm">
              <span className="font-medium">Subject:</span> {shown.subject}
            </p>
            <iframe title="HTML preview" sandbox="" srcDoc={shown.html} className="h-80 w-full rounded border border-slate-200 bg-white" />
            <pre className="whitespace-pre-wrap rounded bg-slate-50 p-3 text-xs dark:bg-slate-900">{shown.text}</pre>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

/** Staff: the e-mails customers and users receive, per tenant, editable with a preview. */
export default function EmailTemplatesPage() {
  const { can } = useAuth();
  const templates = useEmailTemplates();
  const [kind, setKind] = useState<string | null>(null);
  if (templates.isPending) return <PageLoader label="Loading templates…" />;
  if (templates.isError) return <ErrorState error={templates.error} onRetry={() => templates.refetch()} />;
  const selected = templates.data.find((t) => t.kind === kind) ?? templates.data[0];
  return (
    <>
      <PageHeader title="Email templates" description="What customers and users receive. Variables are filled in when a message is sent." />
      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <nav aria-label="Templates" className="space-y-1">
          {templates.data.map((t) => (
            <button
              key={t.kind}
              type="button"
              onClick={() => setKind(t.kind)}
              aria-current={t.kind === selected?.kind ? "page" : undefined}
              className={cn(
                "flex w-full items-center justify-between rounded px-3 py-2 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800",
                t.kind === selected?.kind && "bg-slate-100 font-medium dark:bg-slate-800",
              )}
            >
              <span>{t.title}</span>
              {t.customized && <span className="h-2 w-2 rounded-full bg-indigo-500" aria-label="customized" />}
            </button>
          ))}
        </nav>
        {selected && <TemplateEditor template={selected} canWrite={can("email.write")} />}
      </div>
    </>
  );
}

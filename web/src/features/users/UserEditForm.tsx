import { useUpdateUser } from "@/api/users";
import type { Role, User } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { Checkbox, SelectField, TextField } from "@/components/Field";
import { useForm } from "@/lib/form";
import { ROLE_HINTS, roleOptions } from "./roles";

export function UserEditForm({ user, isSelf, onSaved, onCancel }: { user: User; isSelf: boolean; onSaved: (u: User) => void; onCancel: () => void }) {
  const update = useUpdateUser();
  const form = useForm({ name: user.name, role: user.role as Role, isActive: user.isActive });

  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Edit user"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        const body: { name?: string; role?: Role; isActive?: boolean } = {};
        if (v.name.trim() !== user.name) body.name = v.name.trim();
        if (v.role !== user.role) body.role = v.role;
        if (v.isActive !== user.isActive) body.isActive = v.isActive;
        const saved = Object.keys(body).length ? await update.mutateAsync({ id: user.id, body }) : user;
        onSaved(saved);
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <p className="text-sm text-slate-500">{user.email}</p>
      <TextField label="Name" {...form.field("name")} />
      <SelectField
        label="Role"
        options={roleOptions}
        hint={isSelf ? "You cannot change your own role." : ROLE_HINTS[form.values.role]}
        disabled={isSelf}
        {...form.field("role")}
      />
      <Checkbox
        label="Active"
        hint={isSelf ? "You cannot deactivate yourself." : "Inactive users cannot sign in; their history is kept."}
        checked={form.values.isActive}
        disabled={isSelf}
        name="isActive"
        onChange={(e) => form.setValue("isActive", e.target.checked)}
      />
      {form.error("isActive") && <p className="text-xs text-red-600">{form.error("isActive")}</p>}
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Save
        </Button>
      </div>
    </form>
  );
}

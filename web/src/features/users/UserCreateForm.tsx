import { useCreateUser } from "@/api/users";
import type { Role, User } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { SelectField, TextField } from "@/components/Field";
import { email, password, required, useForm } from "@/lib/form";
import { ROLE_HINTS, roleOptions } from "./roles";

interface Props {
  onCreated: (user: User) => void;
  onCancel: () => void;
}

/** New staff user. Validates as you type; server errors land on the field they name. */
export function UserCreateForm({ onCreated, onCancel }: Props) {
  const create = useCreateUser();
  const form = useForm(
    { email: "", name: "", role: "support" as Role, password: "" },
    { email, name: required("Name"), password },
  );

  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="New user"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        const user = await create.mutateAsync({ email: v.email.trim(), name: v.name.trim(), role: v.role, password: v.password });
        onCreated(user);
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <TextField label="E-mail" type="email" autoComplete="off" autoFocus {...form.field("email")} />
      <TextField label="Name" autoComplete="off" {...form.field("name")} />
      <SelectField
        label="Role"
        options={roleOptions}
        hint={ROLE_HINTS[form.values.role]}
        {...form.field("role")}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters. They can change it after signing in."
        {...form.field("password")}
      />
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Create user
        </Button>
      </div>
    </form>
  );
}

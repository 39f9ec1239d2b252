// One contact (TAM, dedicated agent, escalation contact) as a compact row of fields.
import type { Path } from './draft';
import { SelectField, TextField } from './fields';

export function ContactFields({ path, withSide }: { path: Path; withSide?: boolean }) {
  return (
    <div class="contact-fields">
      <TextField path={[...path, 'name']} label="Name" />
      <TextField path={[...path, 'role']} label="Role" />
      <TextField path={[...path, 'email']} label="Email" type="email" />
      <TextField path={[...path, 'phone']} label="Phone" type="tel" placeholder="+49 30 1234567" />
      <TextField path={[...path, 'chat']} label="Chat link" type="url" placeholder="https://…" />
      {withSide && (
        <SelectField path={[...path, 'side']} label="Side" empty="—"
          options={[{ value: 'internal', label: 'Ours (internal)' }, { value: 'customer', label: "Customer's" }]} />
      )}
    </div>
  );
}

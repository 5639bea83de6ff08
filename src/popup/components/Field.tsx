/** A labelled text input of a form: recipient, amount, memo, gas price. */
export function Field(p: {
  label: string;
  testId: string;
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
  /** Amounts get the decimal keypad; addresses no autocomplete or spellcheck. */
  kind?: 'amount' | 'address' | 'text';
  disabled?: boolean;
}) {
  const kind = p.kind ?? 'text';
  return (
    <label>
      {p.label}
      <input
        data-testid={p.testId}
        placeholder={p.placeholder}
        inputMode={kind === 'amount' ? 'decimal' : undefined}
        autocomplete={kind === 'address' ? 'off' : undefined}
        spellcheck={kind === 'address' ? false : undefined}
        disabled={p.disabled}
        value={p.value}
        onInput={(e) => p.onInput(e.currentTarget.value)}
      />
    </label>
  );
}

/** A labelled box for pasted text (an invoice, a connection string, a recovery phrase): several lines, never autocorrected or remembered. */
export function PasteField(p: { label: string; testId: string; value: string; onInput: (value: string) => void; placeholder?: string; mono?: boolean }) {
  return (
    <label>
      {p.label}
      <textarea
        rows={4}
        class={p.mono ? 'mono' : undefined}
        data-testid={p.testId}
        placeholder={p.placeholder}
        autocomplete="off"
        autocapitalize="off"
        spellcheck={false}
        value={p.value}
        onInput={(e) => p.onInput(e.currentTarget.value)}
      />
    </label>
  );
}

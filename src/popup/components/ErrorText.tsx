export function ErrorText({ text }: { text: string }) {
  return text ? (
    <p class="error" role="alert" data-testid="error">
      {text}
    </p>
  ) : null;
}

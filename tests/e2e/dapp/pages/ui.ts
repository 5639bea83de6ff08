/**
 * What every test dApp page is made of: buttons whose result or error is written into
 * the page as JSON, under `<testid>-result`, for the E2E to read.
 * A result: `{"result": …}`; an error: `{"error": {"code": …, "message": …}}`.
 */
export function button(testId: string, label: string, run: () => Promise<unknown>): void {
  const app = document.getElementById('app')!;
  const b = document.createElement('button');
  b.textContent = label;
  b.dataset.testid = testId;
  const out = document.createElement('pre');
  out.dataset.testid = `${testId}-result`;
  b.onclick = async () => {
    out.textContent = '';
    try {
      out.textContent = JSON.stringify({ result: (await run()) ?? null }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown; data?: unknown };
      out.textContent = JSON.stringify({ error: { code: e?.code ?? null, message: String(e?.message ?? err), data: e?.data ?? null } });
    }
  };
  app.append(b, out);
}

/** A page embedding the probe page twice: from its own origin and from another (?other=<origin>). */
const other = new URLSearchParams(location.search).get('other') ?? '';
for (const [testId, src] of [
  ['same-origin-frame', '/probe.html'],
  ['other-origin-frame', `${other}/probe.html`],
]) {
  const frame = document.createElement('iframe');
  frame.dataset.testid = testId!;
  frame.src = src!;
  document.getElementById('app')!.append(frame);
}

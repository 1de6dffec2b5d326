// The report's one script, inlined: it turns each trace table into a
// stepper. The page reads fully without it; it only adds the buttons, the
// arrow keys and the highlights (the current step, and for a lost update
// the stale read and the write it overwrote), announced through aria-live.
export const script = `
for (const stepper of document.querySelectorAll('.stepper')) {
  const first = Number(stepper.dataset.first), last = Number(stepper.dataset.last);
  const rows = [...stepper.querySelectorAll('tr[data-step]')];
  const say = stepper.querySelector('.say'), range = stepper.querySelector('input[type=range]');
  const row = (step) => rows[step - first];
  let current = first;
  const show = (step) => {
    current = Math.max(first, Math.min(last, step));
    for (const each of rows) each.classList.remove('current', 'stale-read', 'overwritten', 'future');
    for (const each of rows) if (Number(each.dataset.step) > current) each.classList.add('future');
    const now = row(current);
    now.classList.add('current');
    if (now.dataset.read !== undefined) row(Number(now.dataset.read))?.classList.add('stale-read');
    if (now.dataset.overwritten !== undefined) row(Number(now.dataset.overwritten))?.classList.add('overwritten');
    say.textContent = now.dataset.say;
    range.value = String(current);
    now.scrollIntoView({ block: 'nearest' });
  };
  const moves = { first: () => first, previous: () => current - 1, next: () => current + 1, last: () => last };
  stepper.querySelector('.controls').hidden = false;
  for (const button of stepper.querySelectorAll('button[data-go]')) button.addEventListener('click', () => show(moves[button.dataset.go]()));
  range.addEventListener('input', () => show(Number(range.value)));
  const keys = { ArrowRight: 'next', ArrowDown: 'next', ArrowLeft: 'previous', ArrowUp: 'previous', Home: 'first', End: 'last' };
  // Anywhere in the stepper (the trace, a button); the slider moves itself with the same keys.
  stepper.addEventListener('keydown', (event) => {
    const move = keys[event.key];
    if (!move || event.target === range) return;
    event.preventDefault();
    show(moves[move]());
  });
  show(first);
}
`;

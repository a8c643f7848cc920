/** Dates and instants as people in China read them: Asia/Shanghai, `YYYY-MM-DD HH:mm`. */
const FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function formatInstant(iso: string | undefined | null): string {
  if (!iso) return '';
  const parts = Object.fromEntries(FORMAT.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Today in Asia/Shanghai, `YYYY-MM-DD`. */
export function shanghaiToday(): string {
  return formatInstant(new Date().toISOString()).slice(0, 10);
}

/** An ISO 8601 duration such as `P2DT3H15M`, in words. */
export function formatDuration(iso: string | undefined, lang: 'zh' | 'en'): string {
  const m = /^P(\d+)DT(\d+)H(\d+)M$/.exec(iso ?? '');
  if (!m) return iso ?? '';
  const [, d, h, min] = m;
  return lang === 'zh' ? `${d}天${h}小时${min}分` : `${d} d ${h} h ${min} min`;
}

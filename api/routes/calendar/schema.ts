import { z } from 'zod';
import { date, text } from '../../schemas';

const Year = z.coerce.number().int().min(1900).max(2199);
export const YearParam = z.object({
  year: z.string().regex(/^\d{4}$/, 'a year is four digits, e.g. 2027').transform(Number).pipe(z.number().int().min(1900).max(2199)),
});

/** A year's published arrangement; no day both a holiday and a working day (the year itself is checked by the route). */
export const Arrangement = z
  .strictObject({
    holidays: z.array(date()).max(366),
    workdays: z.array(date()).max(366),
    source: z.strictObject({ document: text({ max: 500 }), publishedOn: date() }),
  })
  .superRefine((a, ctx) => {
    const holidays = new Set(a.holidays);
    a.workdays.forEach((date, i) => {
      if (holidays.has(date)) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${date} is both a holiday and a working day` });
    });
  });

export const CalendarQuery = z.strictObject({ year: Year });

export const DateParams = z.object({ date: date() });

export const CalendarDay = z.strictObject({ workday: z.boolean(), note: text({ max: 200, multiline: true }) });

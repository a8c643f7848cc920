/**
 * Tag colours dark enough for white text at WCAG AA contrast (Ant Design's preset light tags are not), and the
 * colour of each deadline state.
 */
export const COLOURS = { blue: '#0958d9', red: '#a8071a', orange: '#ad4e00', green: '#237804', grey: '#595959', navy: '#1d39c4' } as const;

export const STATE_COLOURS: Record<string, string> = {
  pending: COLOURS.blue,
  due_soon: COLOURS.orange,
  overdue: COLOURS.red,
  met: COLOURS.green,
  suspended: COLOURS.grey,
  cancelled: COLOURS.grey,
};

/** The floor's one activity: does nothing, so what it costs is Temporal's and the SDK's. */
export const floorActivities = {
  async noop(n: number): Promise<number> {
    return n;
  },
};
export type FloorActivities = typeof floorActivities;

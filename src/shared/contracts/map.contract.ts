import { z } from 'zod';

/** How the web draws maps: a plain background by default; raster tiles when the installation has a tile server. */
export const MapSettingsSchema = z.object({
  tilesUrl: z.string().nullable(),
  attribution: z.string().nullable(),
});
export type MapSettings = z.infer<typeof MapSettingsSchema>;

// Vite turns `?url` imports into the URL of the emitted file.
declare module 'maplibre-gl/dist/maplibre-gl-worker.mjs?url' {
  const url: string;
  export default url;
}

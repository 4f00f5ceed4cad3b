/** Vite turns `?url` imports into the URL of a file emitted next to the bundle (map data is fetched, not bundled). */
declare module '*.json?url' {
  const url: string;
  export default url;
}

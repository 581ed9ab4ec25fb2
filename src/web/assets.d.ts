// The esbuild loaders of src/dev/packaging/esbuild-plugins.js: text files and browser bundles as strings.
declare module '*.html' {
  const text: string;
  export default text;
}
declare module '*.css' {
  const text: string;
  export default text;
}
declare module '*?bundle' {
  const script: string;
  export default script;
}

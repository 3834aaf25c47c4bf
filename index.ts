/**
 * The component package's source entry for Pulumi's schema inference (PulumiPlugin.yaml): the analyzer of
 * `@pulumi/pulumi` looks for `index.ts` at the package root, because the npm entry (`dist/components/index.js`) has no
 * TypeScript twin. It re-exports the library entry; npm users import the compiled `dist/components/index.js`.
 */
export * from "./components";

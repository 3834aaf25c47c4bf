/** `npm run schema`: rewrites schema/wandb.schema.json from the components' argument types (component-schema.ts). */
import * as fs from "fs";
import { SCHEMA_FILE, formatSchema, inferComponentSchema } from "./component-schema";

const started = Date.now();
fs.writeFileSync(SCHEMA_FILE, formatSchema(inferComponentSchema().served));
console.log(`wrote ${SCHEMA_FILE} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

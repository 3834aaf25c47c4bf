/**
 * One team's portal process for the shared-state scenario (day2.spec.ts): runs `deployWandb` or `destroyWandb` with
 * the options in the JSON file given as its second argument, in a process of its own as a second machine would,
 * and prints one JSON line `{ ok, outputs | error }`.
 *
 *   node -r ts-node/register/transpile-only team-process.ts <deploy|destroy> <options.json>
 */
import * as fs from "fs";
import { WandbStackOptions, deployWandb, destroyWandb } from "../../components/automation";

async function main(): Promise<void> {
    const [operation, file] = process.argv.slice(2);
    const options = JSON.parse(fs.readFileSync(file, "utf8")) as WandbStackOptions;
    try {
        const result = operation === "destroy" ? await destroyWandb(options) : await deployWandb(options);
        process.stdout.write(`${JSON.stringify({ ok: true, outputs: result.outputs })}\n`);
    } catch (e) {
        process.stdout.write(`${JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) })}\n`);
        process.exitCode = 1;
    }
}

void main();

/** `npm run bench:path`: the deploy critical path of every stack (fast; no timing runs). */
import { planStack } from "../harness/plan";
import { listStacks } from "../harness/stacks";
import { criticalPath } from "./critical-path";
import { PROVISIONING_MINUTES } from "./provisioning-times";

async function main(): Promise<void> {
    for (const stack of listStacks()) {
        const path = criticalPath(await planStack(stack), PROVISIONING_MINUTES);
        console.log(`${stack.padEnd(12)} ${path.minutes.toFixed(1).padStart(5)} min: ${path.steps.map((s) => `${s.name} (${s.minutes})`).join(" → ")}`);
    }
}

main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
});

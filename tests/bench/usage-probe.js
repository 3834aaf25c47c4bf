// Preloaded with `node -r` into a measured process: on exit, writes its peak RSS, CPU time and the
// provider SDK modules it loaded to the file named by WANDB_BENCH_PROBE. Plain JS so it adds no load time.
"use strict";
const fs = require("fs");
const out = process.env.WANDB_BENCH_PROBE;
if (out) {
    process.on("exit", () => {
        const usage = process.resourceUsage();
        const sdkModules = Object.keys(require.cache).filter((file) => /node_modules[\\/]@pulumi[\\/]/.test(file));
        fs.writeFileSync(out, JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, sdkModules }));
    });
}

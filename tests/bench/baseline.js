// The baseline of the plan benchmark: loads exactly the SDK modules a plan loaded (list in argv[2])
// and nothing of ours, so plan time minus this is the cost of our code.
"use strict";
const fs = require("fs");
for (const file of JSON.parse(fs.readFileSync(process.argv[2], "utf8"))) {
    require(file);
}

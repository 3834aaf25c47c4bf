// The benchmark's floor: the smallest pack started the way ours is (same runner, same @pulumi/policy),
// with one resource rule, so `npm run bench` can show what our pack adds on top of the SDK's own cost.
"use strict";
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("floor", {
    policies: [
        {
            name: "one-rule",
            description: "Reports resources whose type is 'floor:never:Matched'.",
            enforcementLevel: "mandatory",
            validateResource: (args, reportViolation) => {
                if (args.type === "floor:never:Matched") {
                    reportViolation("matched");
                }
            },
        },
    ],
});

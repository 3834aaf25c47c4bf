/** docs/inputs.md is generated from the validation schemas and must be current. */
import { expect } from "chai";
import * as fs from "fs";
import { INPUTS_DOC, renderInputsDoc } from "../harness/inputs-doc";

describe("docs/inputs.md", () => {
    it("is the document the schemas generate (run npm run docs:inputs after changing an argument)", () => {
        expect(fs.readFileSync(INPUTS_DOC, "utf8")).to.equal(renderInputsDoc());
    });

    it("lists every stack key and argument the bad-input suites name", () => {
        const doc = fs.readFileSync(INPUTS_DOC, "utf8");
        for (const key of ["wandb:host", "wandb:kubeconfig", "wandb:bucket", "`namespace`", "`oidc.issuer`", "`customCACerts[]`", "`sizes.databaseInstanceType`", "`aws.region`", "`gcp.project`", "`azure.location`", "`platform.database.port`", "`kubernetesVersion`"]) {
            expect(doc, key).to.include(key);
        }
    });
});

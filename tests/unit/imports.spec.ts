/** Deep imports only: a root import of a cloud SDK makes the type-checker load thousands of files. */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../harness/stacks";

const ROOT_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)["']@pulumi\/(aws|gcp|azure-native|kubernetes)["']/;
const SOURCE_DIRS = ["components", "programs", "policies", "tests", "examples"];

function sourceFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            return entry.name === "node_modules" ? [] : sourceFiles(full);
        }
        return /\.tsx?$/.test(entry.name) ? [full] : [];
    });
}

describe("provider SDK imports", () => {
    it("never imports the root module of @pulumi/aws, /gcp, /azure-native or /kubernetes", () => {
        // This file quotes a root import as a sample; it is the only exception.
        const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(REPO_ROOT, dir))).filter((file) => file !== __filename);
        expect(files.length).to.be.greaterThan(10);
        const offenders = files.filter((file) => ROOT_IMPORT.test(fs.readFileSync(file, "utf8"))).map((file) => path.relative(REPO_ROOT, file));
        expect(offenders).to.deep.equal([]);
    });

    it("the pattern catches a root import", () => {
        expect(ROOT_IMPORT.test('import * as aws from "@pulumi/aws";')).to.equal(true);
        expect(ROOT_IMPORT.test('import { Cluster } from "@pulumi/aws/eks";')).to.equal(false);
    });
});

/** Runs a command-line entry point: exits with its code, or prints the first line of its error and exits 2. */
export function runMain(main: (argv: string[]) => Promise<number>): void {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error) => {
            console.error(`error: ${String((error as Error)?.message ?? error).split("\n")[0]}`);
            process.exit(2);
        },
    );
}

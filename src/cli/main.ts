// Placeholder CLI entry; subcommands land with the policy engine.
process.stdout.write('airlock\n');

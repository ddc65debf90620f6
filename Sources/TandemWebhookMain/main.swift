import TandemWebhook

await WebhookCommand.runFromCommandLine(Array(CommandLine.arguments.dropFirst()))

import TandemCLI

await tandemMain()

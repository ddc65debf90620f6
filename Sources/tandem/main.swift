import TandemCLI
tandemMain()

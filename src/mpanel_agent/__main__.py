from mpanel_agent.cli import main

main()

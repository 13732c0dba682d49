from synergie.cli import main

main()

from paperkg.cli import main

main()

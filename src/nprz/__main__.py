from nprz.cli import main

main()

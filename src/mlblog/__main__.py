from mlblog.cli import main

raise SystemExit(main())

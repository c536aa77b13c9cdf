from calendar_service.cli import main

raise SystemExit(main())

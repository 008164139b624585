"""Piccolo migrations, one folder per app (`<app>/`), inside the package so an installed
`saishang` carries them. Piccolo imports each file by name from its app's folder
(`migrations_folder_path` in the app's `piccolo_app.py`)."""

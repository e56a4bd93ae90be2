"""Running REAct's data in the browser, beyond imports: publishing releases with a second
person's approval (`/publish`), managing users (`/users`, admins) and one's own password
(`/account`). Server-rendered pages that check the role on every route (routes.py, users.py).
"""

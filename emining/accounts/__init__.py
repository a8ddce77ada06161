"""How people get an account: sign-up, the confirmation of their email address, password reset.

`services` writes (sign up, confirm), `tokens` makes the one-time confirmation links, `throttle`
limits the forms anyone may post, `forms` and `views` are the pages.
"""

"""Sign-in and who may see what: users, principals, the sign-in form, security headers."""

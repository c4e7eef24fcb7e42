from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.tokens import issue_token


class Command(BaseCommand):
    help = "Issue an API token for a user and print its key (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="User name the token acts as.")
        parser.add_argument("--name", default="command line", help="What the token is for.")
        parser.add_argument("--by", help="Administrator issuing it (default: the user).")

    def handle(self, *args, user, name, by, **options):
        User = get_user_model()
        try:
            owner = User.objects.get(username=user)
            issuer = User.objects.get(username=by) if by else owner
        except User.DoesNotExist as error:
            raise CommandError(str(error)) from None
        _token, key = issue_token(user=owner, by=issuer, name=name)
        self.stdout.write(key)

"""Users and authentication: register, authenticate, change password, suspend, verify email."""

from __future__ import annotations

from socratic_core._events import EventName
from socratic_core.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from socratic_core.models import User, UserStatus
from socratic_core.services._base import ServiceContext, _Service, load_actor
from socratic_core.services.passwords import PasswordHasher, PasswordPolicy
from socratic_core.services.schemas import UserRead
from socratic_core.services.validation import (
    normalise_email,
    require_id,
    require_int,
    require_str,
    require_text,
    validate_username,
)
from socratic_core.uow import UnitOfWork

__all__ = ["UserService"]

_NAME_LENGTH = 100
_LOGIN_LENGTH = 254  # the longest email address
_SIGN_IN_PASSWORD_LENGTH = 4096  # bounds the hashing work one sign-in can ask for
_SEARCH_LENGTH = 100
_MAX_SEARCH = 1000


class UserService:
    """Registers and authenticates users; a password or its hash never leaves this service.

    Args:
        context: The unit-of-work factory, event sink and clock.
        hasher: How passwords are hashed (scrypt by default).
        policy: What a new password must satisfy.
    """

    def __init__(
        self,
        context: ServiceContext,
        *,
        hasher: PasswordHasher | None = None,
        policy: PasswordPolicy | None = None,
    ) -> None:
        self._service = _Service(context)
        self._clock = context.clock
        self._hasher = hasher or PasswordHasher()
        self._policy = policy or PasswordPolicy()

    def register(
        self,
        *,
        username: str,
        email: str,
        password: str,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> UserRead:
        """Create an active user with a hashed password.

        Args:
            username: 3 to 32 letters, digits, `.`, `_` or `-`; unique.
            email: A valid address; unique (its domain is lower-cased).
            password: Must satisfy the password policy.
            first_name: Optional.
            last_name: Optional.

        Returns:
            The new user.

        Raises:
            InvalidInputError: A field is malformed or the password is too weak.
            ConflictError: The username or email is taken (field `username` or `email`).
        """
        request = {"username": username, "email": email}
        with self._service._attempt(
            "user.register",
            actor_id=None,
            entity_type="user",
            request=request,
            optional_actor=True,
        ) as op:
            username = validate_username(username)
            email = normalise_email(email)
            require_str(password, field="password", max_length=_SIGN_IN_PASSWORD_LENGTH)
            names = _optional_name(first_name, "first_name"), _optional_name(last_name, "last_name")
            self._policy.check(password, username=username)
            # Hash before the transaction: it is slow on purpose and must not hold the lock.
            password_hash = self._hasher.hash(password)
            with op.transaction() as uow:
                _check_free(uow, username, email)
                user = uow.users.add(
                    User(
                        username=username,
                        email=email,
                        password_hash=password_hash,
                        first_name=names[0],
                        last_name=names[1],
                    )
                )
                op.actor_id = op.entity_id = user.id
                op.response = {"id": user.id, "username": user.username}
                op.announce(EventName.USER_REGISTERED, {"username": user.username})
        return UserRead.model_validate(user)

    def authenticate(self, login: str, password: str) -> UserRead:
        """Check a username (or email) and password, and record the login.

        An unknown user and a wrong password give the same error after about the same time (a
        dummy hash is checked for an unknown user). A stored hash made with weaker parameters
        is upgraded on success.

        Args:
            login: The username or the email address.
            password: The password.

        Returns:
            The user, with `last_login` set to now.

        Raises:
            AuthenticationError: Unknown user, wrong password, or an account that is not active.
            InvalidInputError: A login or password that is not text, too long or not storable.
        """
        with self._service._attempt(
            "user.authenticate",
            actor_id=None,
            entity_type="user",
            request={"login": login},
            optional_actor=True,
        ) as op:
            require_str(login, field="login", max_length=_LOGIN_LENGTH)
            require_str(password, field="password", max_length=_SIGN_IN_PASSWORD_LENGTH)
            with self._service._read() as uow:
                found = uow.users.get_by_username(login) or _by_email(uow, login)
                user_id, stored = (found.id, found.password_hash) if found else (None, None)
            # Verify (and rehash) outside the transaction: scrypt is slow on purpose.
            valid = self._hasher.verify(password, stored)
            op.actor_id = op.entity_id = user_id
            if user_id is None or stored is None or not valid:
                raise AuthenticationError("invalid username or password")
            rehash = self._hasher.hash(password) if self._hasher.needs_rehash(stored) else None
            with op.transaction() as uow:
                user = _get_user(uow, user_id)
                if user.status is not UserStatus.ACTIVE:
                    raise AuthenticationError(f"the account is {user.status.value}")
                user.password_hash = rehash or user.password_hash
                user.last_login = self._clock()
                uow.users.update(user)
                op.announce(EventName.USER_AUTHENTICATED)
        return UserRead.model_validate(user)

    def change_password(self, user_id: str, *, current_password: str, new_password: str) -> None:
        """Replace a user's password, after checking the current one.

        Args:
            user_id: The user.
            current_password: Their password now.
            new_password: The new one; must satisfy the policy and differ from the current one.

        Raises:
            AuthenticationError: The current password is wrong.
            InvalidInputError: The new password breaks the policy or equals the current one, or
                a password is not text.
            NotFoundError: No such user.
        """
        with self._service._attempt(
            "user.change_password", actor_id=user_id, entity_type="user", entity_id=user_id
        ) as op:
            require_str(
                current_password, field="current_password", max_length=_SIGN_IN_PASSWORD_LENGTH
            )
            require_str(new_password, field="new_password", max_length=_SIGN_IN_PASSWORD_LENGTH)
            with self._service._read() as uow:
                actor = load_actor(uow, user_id)
                username, stored = actor.username, actor.password_hash
            if not self._hasher.verify(current_password, stored):
                raise AuthenticationError("the current password is wrong")
            if new_password == current_password:
                raise InvalidInputError(
                    "the new password must differ from the current one", field="new_password"
                )
            self._policy.check(new_password, username=username)
            new_hash = self._hasher.hash(new_password)
            with op.transaction() as uow:
                user = load_actor(uow, user_id)
                if user.password_hash != stored:
                    raise ConflictError("the password changed meanwhile", entity="user")
                user.password_hash = new_hash
                uow.users.update(user)
                op.announce(EventName.USER_PASSWORD_CHANGED)

    def suspend(self, user_id: str, *, actor_id: str | None = None) -> UserRead:
        """Suspend a user: they can no longer sign in or act.

        Args:
            user_id: The user to suspend.
            actor_id: Who suspends them (the host decides who may), recorded in the audit.

        Returns:
            The suspended user.

        Raises:
            NotFoundError: No such user.
        """
        return self._set_status(user_id, UserStatus.SUSPENDED, actor_id, EventName.USER_SUSPENDED)

    def reactivate(self, user_id: str, *, actor_id: str | None = None) -> UserRead:
        """Make a suspended or inactive user active again.

        Args:
            user_id: The user.
            actor_id: Who reactivates them, recorded in the audit.

        Returns:
            The active user.

        Raises:
            NotFoundError: No such user.
        """
        return self._set_status(user_id, UserStatus.ACTIVE, actor_id, EventName.USER_REACTIVATED)

    def _set_status(
        self, user_id: str, status: UserStatus, actor_id: str | None, event: EventName
    ) -> UserRead:
        with self._service._write(
            f"user.{'reactivate' if status is UserStatus.ACTIVE else 'suspend'}",
            actor_id=actor_id,
            entity_type="user",
            entity_id=user_id,
            request={"status": status.value},
            optional_actor=True,
        ) as op:
            user = _get_user(op.uow, user_id)
            user.status = status
            op.uow.users.update(user)
            op.announce(event)
        return UserRead.model_validate(user)

    def verify_email(self, user_id: str) -> UserRead:
        """Mark a user's email address as verified (the host checked the token it sent).

        Args:
            user_id: The user.

        Returns:
            The user.

        Raises:
            NotFoundError: No such user.
            PermissionDeniedError: The user is suspended or inactive.
        """
        with self._service._write(
            "user.verify_email", actor_id=user_id, entity_type="user", entity_id=user_id
        ) as op:
            user = _get_user(op.uow, user_id)
            if user.status is not UserStatus.ACTIVE:
                raise PermissionDeniedError(
                    f"user {user_id!r} is {user.status.value}", entity="user", entity_id=user_id
                )
            user.is_email_verified = True
            op.uow.users.update(user)
            op.announce(EventName.USER_EMAIL_VERIFIED)
        return UserRead.model_validate(user)

    def get(self, user_id: str) -> UserRead:
        """Return a user by id.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such user.
        """
        require_id(user_id, field="user_id")
        with self._service._read() as uow:
            return UserRead.model_validate(_get_user(uow, user_id))

    def get_by_username(self, username: str) -> UserRead:
        """Return a user by exact username.

        Raises:
            InvalidInputError: A username that is not text or too long.
            NotFoundError: No such user.
        """
        require_str(username, field="username", max_length=_LOGIN_LENGTH)
        with self._service._read() as uow:
            user = uow.users.get_by_username(username)
            if user is None:
                raise NotFoundError(f"user {username!r} not found", entity="user")
            return UserRead.model_validate(user)

    def search(self, text: str, *, limit: int = 50) -> list[UserRead]:
        """Return users whose username contains `text` (literally, ignoring case).

        Args:
            text: The fragment to look for.
            limit: At most this many users, 1 to 1000.

        Raises:
            InvalidInputError: Text that is not text, too long or holds NUL; a bad limit.
        """
        require_str(text, field="text", max_length=_SEARCH_LENGTH)
        require_int(limit, field="limit", minimum=1, maximum=_MAX_SEARCH)
        with self._service._read() as uow:
            return [
                UserRead.model_validate(u) for u in uow.users.search_by_username(text, limit=limit)
            ]


def _check_free(uow: UnitOfWork, username: str, email: str) -> None:
    for field, taken in (
        ("username", uow.users.get_by_username(username)),
        ("email", uow.users.get_by_email(email)),
    ):
        if taken is not None:
            raise ConflictError(f"that {field} is already taken", entity="user", field=field)


def _by_email(uow: UnitOfWork, login: str) -> User | None:
    if "@" not in login:
        return None
    try:
        return uow.users.get_by_email(normalise_email(login))
    except InvalidInputError:
        return None


def _get_user(uow: UnitOfWork, user_id: str) -> User:
    user = uow.users.get(user_id)
    if user is None:
        raise NotFoundError(f"user {user_id!r} not found", entity="user", entity_id=user_id)
    return user


def _optional_name(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    return require_text(value, field=field, max_length=_NAME_LENGTH, allow_empty=True) or None

"""``littlegiant init | serve | demo``: set up the data folder, serve the web platform, run a demo.

Django and the demo generator are imported inside the commands so that ``littlegiant --help``
stays fast.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
from collections import Counter
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from littlegiant.cli.main import app

__all__ = ["console", "demo", "init", "password", "serve", "setup_django"]

_SETTINGS = "littlegiant.web.config.settings"
DEMO_SEED = 20240601
DEMO_SIZE = 3000
console = Console()


def setup_django() -> None:
    """Configure Django with the platform's settings (environment-driven)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", _SETTINGS)
    import django

    django.setup()


def _migrate(verbose: bool = False) -> Any:
    """Create the data folder and bring the database up to date; returns the settings."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)
    return settings


@app.command()
def init() -> None:
    """创建数据目录（LITTLEGIANT_HOME）并初始化/升级数据库。"""
    settings = _migrate(verbose=True)
    console.print(
        f"[green]已就绪[/green]：数据目录 {settings.LITTLEGIANT_HOME}，数据库 {settings.DATABASES['default']['NAME']}"
    )


@app.command()
def password(
    username: str = typer.Argument(
        ..., metavar="用户名", help="要重置密码的用户名，如 demo_official"
    ),
    new_password: str | None = typer.Option(
        None, "--password", help="新密码（不写时提示输入两次，输入不显示）"
    ),
) -> None:
    """重置平台用户的密码（代替 manage.py changepassword）。"""
    if new_password is None:
        import getpass

        new_password = getpass.getpass("新密码：")
        if getpass.getpass("再输入一次：") != new_password:
            console.print("[red]未修改[/red]：两次输入的密码不一致。")
            raise typer.Exit(1)
    _migrate()
    from littlegiant.web.accounts.services import set_password, system_user

    try:
        set_password(user=system_user(), username=username, password=new_password)
    except ValueError as error:
        console.print(f"[red]未修改[/red]：{error}")
        raise typer.Exit(1) from None
    console.print(f"[green]已重置[/green] {username} 的密码。")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="监听地址"),
    port: int = typer.Option(8000, help="监听端口"),
    worker: bool = typer.Option(True, "--worker/--no-worker", help="同时启动后台任务工作进程"),
) -> None:
    """启动 Web 平台（初始化数据库后以 waitress 运行，静态文件由 WhiteNoise 提供；默认同时启动后台任务工作进程）。"""
    _migrate()
    _run_server(host, port, worker=worker)


def _run_server(host: str, port: int, *, worker: bool = True) -> None:
    """Serve with waitress (a production WSGI server, pure Python); static files come from WhiteNoise.
    With ``worker``, a ``littlegiant worker`` child process runs the background jobs meanwhile."""
    import waitress
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    from littlegiant.cli.worker import worker_process

    if host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append(host)
    child = worker_process() if worker else None
    # SIGTERM (a service manager's stop) unwinds like Ctrl+C, so the worker is stopped below.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    console.print(f"LittleGiant 小巨人 已启动：[bold]http://{host}:{port}/[/bold]（Ctrl+C 退出）")
    try:
        waitress.serve(get_wsgi_application(), host=host, port=port, threads=8, ident="LittleGiant")
    finally:
        if child is not None:
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()


def _generate_demo_rows(seed: int, n: int) -> dict[str, list[dict[str, Any]]]:
    from littlegiant.demo import generate

    rows: dict[str, list[dict[str, Any]]] = generate(seed=seed, n=n)
    return rows


def _demo_district(rows: dict[str, list[dict[str, Any]]]) -> str:
    """The district the demo official is scoped to: the generator's, else the commonest region code."""
    from littlegiant import demo as demo_region

    district = getattr(demo_region, "DISTRICT_CODE", None)
    if district:
        return str(district)
    counts = Counter(
        str(row.get("region_code")) for row in rows.get("enterprise", []) if row.get("region_code")
    )
    return counts.most_common(1)[0][0] if counts else "110101"


def _load_demo(seed: int, n: int) -> str | None:
    """Load the demo region when the archive is empty; returns the district code (None: nothing loaded)."""
    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.enterprises.models import Enterprise
    from littlegiant.web.enterprises.services import load_archive_rows

    if Enterprise.objects.exists():
        console.print("档案中已有企业，跳过演示数据加载。")
        return None
    with console.status(f"正在生成演示地区（{n} 户企业）…"):
        rows = _generate_demo_rows(seed, n)
    with console.status(f"正在加载演示数据（{len(rows.get('enterprise', []))} 户企业）…"):
        report = load_archive_rows(tables=rows, user=system_user())
    console.print(f"已加载演示数据：{report.changed} 行。")
    return _demo_district(rows)


def _is_demo_home() -> bool:
    """True when an earlier ``littlegiant demo`` set up this data folder (its demo users exist)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="demo_admin").exists()


def _load_catalog(district: str) -> None:
    """Load the demo catalog (achievements, needs, policies, products) when every catalog is empty."""
    from littlegiant.cli.demo_catalog import load_demo_catalog

    with console.status("正在加载演示目录并建立检索索引…"):
        report = load_demo_catalog(district)
    if report is None:
        console.print("目录中已有条目，跳过演示目录加载。")
        return
    counts = report.counts
    console.print(
        f"已加载演示目录：科技成果 {counts['achievements']} 条、技术需求 {counts['needs']} 条、"
        f"惠企政策 {counts['policies']} 条、金融产品 {counts['products']} 条。"
    )
    if report.moved or report.dropped:
        console.print(
            f"技术需求：{report.moved} 条改挂到同行业的演示企业，{report.dropped} 条因无同行业企业未加载。"
        )


def demo_password() -> str:
    """A random password that meets the password policy (≥ 8 characters, all four classes)."""
    import string

    rng = secrets.SystemRandom()
    body = [rng.choice(string.ascii_letters + string.digits) for _ in range(10)]
    body += [rng.choice(string.ascii_uppercase), rng.choice(string.ascii_lowercase)]
    body += [rng.choice(string.digits), rng.choice("-_.@")]
    rng.shuffle(body)
    return "".join(body)


def _demo_users(district: str) -> list[tuple[str, str, str, str]]:
    """Create the demo users (once) with random passwords; returns (role, username, password, codes).

    Staff (administrators and officials) must pass a second factor: each gets single-use backup
    codes, printed once, to type after the password; they may bind an authenticator app at
    「账号安全」 afterwards. Enterprise and provider users log in with the password alone.
    """
    from django.contrib.auth import get_user_model

    from littlegiant.web.accounts.models import Role
    from littlegiant.web.accounts.permissions import STAFF_ROLES
    from littlegiant.web.accounts.services import (
        create_platform_user,
        issue_backup_codes,
        system_user,
    )
    from littlegiant.web.enterprises.models import Enterprise

    if get_user_model().objects.filter(username="demo_admin").exists():
        return []
    in_district = Enterprise.objects.filter(region_code=district).order_by("uscc")
    enterprise = in_district.filter(title__isnull=False).first() or in_district.first()
    plans: list[tuple[str, Role, dict[str, Any]]] = [
        ("demo_admin", Role.ADMIN, {}),
        (
            "demo_official",
            Role.OFFICIAL,
            {"region_codes": [district], "organization": "区工信局（演示）"},
        ),
        ("demo_enterprise", Role.ENTERPRISE, {"enterprises": [enterprise] if enterprise else []}),
        ("demo_provider", Role.PROVIDER, {"organization": "服务机构（演示）"}),
        ("demo_sysadmin", Role.SYSTEM_ADMIN, {}),
        ("demo_secadmin", Role.SECURITY_ADMIN, {}),
        ("demo_auditor", Role.AUDIT_ADMIN, {}),
    ]
    created = []
    system = system_user()
    for username, role, extra in plans:
        password = demo_password()
        made = create_platform_user(
            user=system, username=username, password=password, role=role, **extra
        )
        codes = issue_backup_codes(user=system, target=made, count=5) if role in STAFF_ROLES else []
        created.append((role.label, username, password, " ".join(codes) or "—"))
    return created


def _print_users(users: list[tuple[str, str, str, str]]) -> None:
    if not users:
        console.print(
            "演示账号已存在（密码只在首次创建时显示；重置密码：littlegiant password demo_official）。"
        )
        return
    table = Table(title="演示账号（密码和备用验证码仅显示这一次）")
    for column in ("角色", "用户名", "密码", "备用验证码（每个限用一次）"):
        table.add_column(column)
    for row in users:
        table.add_row(*row)
    console.print(table)
    console.print(
        "管理员和工作人员登录时须在密码之后输入动态口令：可输入上表中的一个备用验证码，"
        "登录后可在「账号安全」绑定手机身份验证器。企业用户和服务机构只需密码。"
    )


@app.command()
def demo(
    n: int = typer.Option(DEMO_SIZE, "--n", help="演示地区的企业数量"),
    seed: int = typer.Option(DEMO_SEED, help="随机种子（同一种子生成同样的数据）"),
    host: str = typer.Option("127.0.0.1", help="监听地址"),
    port: int = typer.Option(8000, help="监听端口"),
    no_serve: bool = typer.Option(False, "--no-serve", help="只准备数据和账号，不启动服务"),
) -> None:
    """演示：初始化数据库，档案为空时加载演示地区数据，创建四个演示账号并启动服务。"""
    with console.status("正在初始化数据库…"):
        _migrate()
    console.print("数据库已就绪。")
    loaded = _load_demo(seed, n)
    district = loaded or _existing_district()
    if loaded or _is_demo_home():
        _load_catalog(district)
    _print_users(_demo_users(district))
    if not no_serve:
        _run_server(host, port)


def _existing_district() -> str:
    """The commonest region code of the stored archive (the demo district of an earlier run)."""
    from django.db.models import Count

    from littlegiant.web.enterprises.models import Enterprise

    row = (
        Enterprise.objects.exclude(region_code="")
        .values("region_code")
        .annotate(n=Count("pk"))
        .order_by("-n", "region_code")
        .first()
    )
    return row["region_code"] if row else "110101"

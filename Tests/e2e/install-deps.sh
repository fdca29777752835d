#!/bin/sh
# Installs the Debian 12 packages the delivery tests need. Run as root, after `apt-get update`.
#
# Postfix and Exim both provide mail-transport-agent and conflict in Debian, so only Postfix
# is installed as a package. Exim's binary is unpacked from its .deb into
# /var/cache/trackless-e2e/exim (never registered with dpkg, never the system MTA) and run
# from there with its own configuration; its shared libraries are installed as packages.
# No daemon is started: policy-rc.d refuses service starts during the install.
set -eu
export DEBIAN_FRONTEND=noninteractive
EXIM_ROOT=${EXIM_ROOT:-/var/cache/trackless-e2e/exim}

# Postfix without a system configuration: the tests run private instances only.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections

created_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=yes
fi
cleanup() { [ -z "$created_policy" ] || rm -f /usr/sbin/policy-rc.d; }
trap cleanup EXIT

apt-get install -y --no-install-recommends \
    postfix \
    dovecot-core dovecot-imapd dovecot-lmtpd dovecot-sieve \
    procmail maildrop fetchmail getmail6 swaks \
    python3 python3-dkim openssl adduser ca-certificates \
    libdb5.3 libgnutls30 libgnutls-dane0 libidn12 libidn2-0 libnsl2 libpcre2-8-0 libcrypt1

if [ ! -x "$EXIM_ROOT/usr/sbin/exim4" ]; then
    tmp=$(mktemp -d)
    chmod 755 "$tmp"   # apt downloads as the _apt user
    (cd "$tmp" && apt-get download exim4-daemon-light >/dev/null)
    mkdir -p "$EXIM_ROOT"
    dpkg-deb -x "$tmp"/exim4-daemon-light_*.deb "$EXIM_ROOT"
    rm -rf "$tmp"
fi
# The Exim binary resolves its compiled-in user by name (exim4-base's postinst creates it).
id Debian-exim >/dev/null 2>&1 || adduser --system --group --quiet --home /var/spool/exim4 \
    --no-create-home --disabled-login --force-badname Debian-exim
"$EXIM_ROOT/usr/sbin/exim4" -C /dev/null -bV 2>/dev/null | head -1

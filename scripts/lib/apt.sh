# Sourced by the set-up scripts. install_missing NAME PACKAGE...: installs with apt (as root, or with sudo) the
# Debian packages of the list that are not installed yet, saying so as NAME; prints one line when all are present.
install_missing() {
    local name=$1 package sudo=""
    shift
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        echo "$name: system packages present ($*)"
        return 0
    fi
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "$name: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

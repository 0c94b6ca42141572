# SPDX-License-Identifier: MIT
# bash completion for sandboxctl(1)

__sandboxctl_units() {
    local d IFS=:
    local dirs=${SANDBOXCTL_UNIT_PATH:-.:${XDG_CONFIG_HOME:-$HOME/.config}/sandboxctl/units:/etc/sandboxctl/units:/usr/lib/sandboxctl/units}
    for d in $dirs; do
        [ -d "$d" ] || continue
        ( cd "$d" && compgen -G '*.unit'; cd "$d" && compgen -G '*.service' ) 2>/dev/null
    done
}

__sandboxctl_running() {
    sandboxctl list --json 2>/dev/null | sed -n 's/.*"name" *: *"\([^"]*\)".*/\1/p'
}

_sandboxctl() {
    local cur prev words cword
    _init_completion -n = 2>/dev/null || {
        cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
    }
    local verbs='start verify show cat security list status stop freeze thaw kill syscall-filter capabilities directives'
    local opts='--help --version --property --backend= --user --system --slice= --dry-run --json
                --strict --threshold= --explain --signal= --timings --verbose -p -v -h'

    case $prev in
        -p|--property)
            COMPREPLY=($(compgen -S '=' -W "$(sandboxctl directives 2>/dev/null | awk '$4 != "ignored" {print $1}')" -- "$cur"))
            compopt -o nospace 2>/dev/null
            return ;;
    esac
    case $cur in
        --signal=*)
            COMPREPLY=($(compgen -W 'SIGTERM SIGKILL SIGHUP SIGINT SIGQUIT SIGUSR1 SIGUSR2 SIGCONT SIGSTOP SIGALRM' -- "${cur#--signal=}")); return ;;
        --backend=*)
            COMPREPLY=($(compgen -W 'auto systemd cgroupfs none' -- "${cur#--backend=}")); return ;;
        --property=*)
            COMPREPLY=($(compgen -S '=' -W "$(sandboxctl directives 2>/dev/null | awk '$4 != "ignored" {print $1}')" -- "${cur#--property=}"))
            compopt -o nospace 2>/dev/null
            return ;;
        -*)
            COMPREPLY=($(compgen -W "$opts" -- "$cur"))
            [[ $COMPREPLY == *= ]] && compopt -o nospace 2>/dev/null
            return ;;
    esac

    local i verb=
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            -p|--property|--slice|--signal|--threshold) ((i++)) ;;
            -*) ;;
            *) verb=${words[i]}; break ;;
        esac
    done

    case $verb in
        '') COMPREPLY=($(compgen -W "$verbs" -- "$cur")) ;;
        start|verify|show|cat|security)
            COMPREPLY=($(compgen -W "$(__sandboxctl_units)" -- "$cur") $(compgen -f -X '!*.@(unit|service)' -- "$cur") $(compgen -d -S / -- "$cur"))
            compopt -o nospace 2>/dev/null ;;
        status|stop|freeze|thaw|kill)
            COMPREPLY=($(compgen -W "$(__sandboxctl_running)" -- "$cur")) ;;
        syscall-filter)
            COMPREPLY=($(compgen -W "$(sandboxctl syscall-filter 2>/dev/null | awk '/^@/ {print $1}')" -- "$cur")) ;;
    esac
}
complete -F _sandboxctl sandboxctl

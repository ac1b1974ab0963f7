#!/bin/bash

__tfrec_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__tfrec_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__tfrec_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__tfrec_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_tfrec() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __tfrec_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    convert|images|synth|plan|finalize|verify|status|salvage|clean|inspect|dump|preview|index|devices|bench|help)
        # Offer subcommand argument completions
        "_tfrec_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'convert images synth plan finalize verify status salvage clean inspect dump preview index devices bench help' -- "${cur}"))
        ;;
    esac
}

_tfrec_convert() {
    repeating_flags=()
    non_repeating_flags=(--overwrite --resume --manifest --no-manifest --index --shuffle --version -h --help)
    repeating_options=(--images --labels)
    non_repeating_options=(--output -o --records-per-shard --shards --shard-size --naming --name --split --name-template --compression --compression-level --seed --schema --labels-file --label-offset --bboxes --val-labels --splits --on-error --verify-images --max-side --short-side --plan --task-index --task-count --shard --encoding --label-from --quality --shape --image-key --label-key --label-column --header --on-bad-row --threads --engine --device --normalize --mean --std --layout --progress)
    __tfrec_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--images')
        return
        ;;
    '--labels')
        return
        ;;
    '--output'|'-o')
        return
        ;;
    '--records-per-shard')
        return
        ;;
    '--shards')
        return
        ;;
    '--shard-size')
        return
        ;;
    '--naming')
        __tfrec_add_completions -W 'reference'$'\n''tfds'
        return
        ;;
    '--name')
        return
        ;;
    '--split')
        return
        ;;
    '--name-template')
        return
        ;;
    '--compression')
        __tfrec_add_completions -W 'none'$'\n''gzip'$'\n''zlib'
        return
        ;;
    '--compression-level')
        return
        ;;
    '--seed')
        return
        ;;
    '--schema')
        __tfrec_add_completions -W 'simple'$'\n''imagenet'
        return
        ;;
    '--labels-file')
        return
        ;;
    '--label-offset')
        return
        ;;
    '--bboxes')
        return
        ;;
    '--val-labels')
        return
        ;;
    '--splits')
        return
        ;;
    '--on-error')
        __tfrec_add_completions -W 'fail'$'\n''skip'
        return
        ;;
    '--verify-images')
        __tfrec_add_completions -W 'header'$'\n''full'
        return
        ;;
    '--max-side')
        return
        ;;
    '--short-side')
        return
        ;;
    '--plan')
        return
        ;;
    '--task-index')
        return
        ;;
    '--task-count')
        return
        ;;
    '--shard')
        return
        ;;
    '--encoding')
        __tfrec_add_completions -W 'int64-bytes'$'\n''uint8'$'\n''int64-list'$'\n''jpeg'$'\n''png'$'\n''float32'$'\n''float-list'
        return
        ;;
    '--label-from')
        __tfrec_add_completions -W 'name'$'\n''dir'
        return
        ;;
    '--quality')
        return
        ;;
    '--shape')
        return
        ;;
    '--image-key')
        return
        ;;
    '--label-key')
        return
        ;;
    '--label-column')
        return
        ;;
    '--header')
        __tfrec_add_completions -W 'auto'$'\n''yes'$'\n''no'
        return
        ;;
    '--on-bad-row')
        __tfrec_add_completions -W 'fail'$'\n''skip'
        return
        ;;
    '--threads')
        return
        ;;
    '--engine')
        __tfrec_add_completions -W 'scalar'$'\n''simd'$'\n''opencl'$'\n''auto'
        return
        ;;
    '--device')
        return
        ;;
    '--normalize')
        __tfrec_add_completions -W 'none'$'\n''scale'$'\n''standardize'
        return
        ;;
    '--mean')
        return
        ;;
    '--std')
        return
        ;;
    '--layout')
        __tfrec_add_completions -W 'hwc'$'\n''chw'
        return
        ;;
    '--progress')
        __tfrec_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_tfrec_images() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--output -o --format --quality --subsampling --png-compression --shape --naming --seed --label-column --header --threads --progress)
    __tfrec_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--output'|'-o')
        return
        ;;
    '--format')
        __tfrec_add_completions -W 'jpeg'$'\n''png'
        return
        ;;
    '--quality')
        return
        ;;
    '--subsampling')
        __tfrec_add_completions -W '4:4:4'$'\n''4:2:2'$'\n''4:2:0'
        return
        ;;
    '--png-compression')
        __tfrec_add_completions -W 'fast'$'\n''standard'
        return
        ;;
    '--shape')
        return
        ;;
    '--naming')
        __tfrec_add_completions -W 'random'$'\n''index'
        return
        ;;
    '--seed')
        return
        ;;
    '--label-column')
        return
        ;;
    '--header')
        __tfrec_add_completions -W 'auto'$'\n''yes'$'\n''no'
        return
        ;;
    '--threads')
        return
        ;;
    '--progress')
        __tfrec_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_tfrec_synth() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--output -o --rows --seed)
    __tfrec_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--output'|'-o')
        return
        ;;
    '--rows')
        return
        ;;
    '--seed')
        return
        ;;
    esac
}

_tfrec_plan() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __tfrec_offer_flags_options -1
}

_tfrec_finalize() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--task-count)
    __tfrec_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--task-count')
        return
        ;;
    esac
}

_tfrec_verify() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--name-template --max-errors --threads --compression --progress)
    __tfrec_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--name-template')
        return
        ;;
    '--max-errors')
        return
        ;;
    '--threads')
        return
        ;;
    '--compression')
        __tfrec_add_completions -W 'auto'$'\n''none'$'\n''gzip'$'\n''zlib'
        return
        ;;
    '--progress')
        __tfrec_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_tfrec_status() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--task-count)
    __tfrec_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--task-count')
        return
        ;;
    esac
}

_tfrec_salvage() {
    repeating_flags=()
    non_repeating_flags=(--overwrite --version -h --help)
    repeating_options=()
    non_repeating_options=(--output -o --progress)
    __tfrec_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--output'|'-o')
        return
        ;;
    '--progress')
        __tfrec_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_tfrec_clean() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __tfrec_offer_flags_options -1
}

_tfrec_inspect() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--label-key --name-template --compression)
    __tfrec_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--label-key')
        return
        ;;
    '--name-template')
        return
        ;;
    '--compression')
        __tfrec_add_completions -W 'auto'$'\n''none'$'\n''gzip'$'\n''zlib'
        return
        ;;
    esac
}

_tfrec_dump() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--output -o --format --encoding --image-key --label-key --name-template --compression --threads --progress)
    __tfrec_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--output'|'-o')
        return
        ;;
    '--format')
        __tfrec_add_completions -W 'csv'$'\n''jsonl'$'\n''npy'
        return
        ;;
    '--encoding')
        __tfrec_add_completions -W 'int64-bytes'$'\n''uint8'$'\n''int64-list'$'\n''jpeg'$'\n''png'$'\n''float32'$'\n''float-list'
        return
        ;;
    '--image-key')
        return
        ;;
    '--label-key')
        return
        ;;
    '--name-template')
        return
        ;;
    '--compression')
        __tfrec_add_completions -W 'auto'$'\n''none'$'\n''gzip'$'\n''zlib'
        return
        ;;
    '--threads')
        return
        ;;
    '--progress')
        __tfrec_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_tfrec_preview() {
    repeating_flags=()
    non_repeating_flags=(--terminal --version -h --help)
    repeating_options=()
    non_repeating_options=(--output -o --count --grid --scale --color --encoding --shape --image-key --label-key --name-template --compression)
    __tfrec_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--output'|'-o')
        return
        ;;
    '--count')
        return
        ;;
    '--grid')
        return
        ;;
    '--scale')
        return
        ;;
    '--color')
        __tfrec_add_completions -W 'auto'$'\n''24bit'$'\n''256'$'\n''none'
        return
        ;;
    '--encoding')
        __tfrec_add_completions -W 'int64-bytes'$'\n''uint8'$'\n''int64-list'$'\n''jpeg'$'\n''png'$'\n''float32'$'\n''float-list'
        return
        ;;
    '--shape')
        return
        ;;
    '--image-key')
        return
        ;;
    '--label-key')
        return
        ;;
    '--name-template')
        return
        ;;
    '--compression')
        __tfrec_add_completions -W 'auto'$'\n''none'$'\n''gzip'$'\n''zlib'
        return
        ;;
    esac
}

_tfrec_index() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--name-template --threads --progress)
    __tfrec_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--name-template')
        return
        ;;
    '--threads')
        return
        ;;
    '--progress')
        __tfrec_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_tfrec_devices() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __tfrec_offer_flags_options 0
}

_tfrec_bench() {
    repeating_flags=()
    non_repeating_flags=(--json --quick --version -h --help)
    repeating_options=()
    non_repeating_options=(--plot --threads --transform-batches --device)
    __tfrec_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--plot')
        return
        ;;
    '--threads')
        return
        ;;
    '--transform-batches')
        return
        ;;
    '--device')
        return
        ;;
    esac
}

_tfrec_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __tfrec_offer_flags_options -1
}

complete -o filenames -F _tfrec tfrec

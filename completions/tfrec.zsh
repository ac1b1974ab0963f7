#compdef tfrec

__tfrec_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__tfrec_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __tfrec_complete "${completions[@]:0:-1}"
    fi
}

__tfrec_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_tfrec() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'convert:Convert numeric CSVs (label, then pixel values 0-255), .npy / IDX arrays or a folder of images into TFRecord shards.'
            'images:Write one JPEG or PNG file per row of a numeric CSV (label, then pixel values 0-255).'
            'synth:Write a deterministic MNIST-like CSV of synthetic handwritten digits.'
            'plan:Plan a conversion for many tasks: write OUT/plan.json, the table of shards, without converting.'
            'finalize:Check that every shard of a plan is written and write its manifest.json.'
            'verify:Check every record'\''s CRCs, parse every Example, and match shard names and the manifest.'
            'status:List the shards of a plan that are done, being written and missing, per task.'
            'salvage:Copy the records of a damaged record file that still verify into a new file.'
            'clean:Remove the temporary files and resumable parts that killed or interrupted runs left in output directories.'
            'inspect:Print the kind, schema, record counts and label histogram of record files.'
            'dump:Write records back out as CSV or JSON lines (the inverse of convert).'
            'preview:Show the first images of record files: a contact-sheet PNG, or text in the terminal.'
            'index:Write <file>.idx beside existing record files, as DALI and the tfrecord package read them.'
            'devices:List the OpenCL devices that --device can select.'
            'bench:Measure each conversion stage on every engine of this machine, and the seed job.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        convert|images|synth|plan|finalize|verify|status|salvage|clean|inspect|dump|preview|index|devices|bench|help)
            "_tfrec_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_tfrec_convert() {
    local -i ret=1
    local -ar ___naming=('reference' 'tfds')
    local -ar ___compression=('none' 'gzip' 'zlib')
    local -ar ___schema=('simple' 'imagenet')
    local -ar ___on_error=('fail' 'skip')
    local -ar ___verify_images=('header' 'full')
    local -ar ___encoding=('int64-bytes' 'uint8' 'int64-list' 'jpeg' 'png' 'float32' 'float-list')
    local -ar ___label_from=('name' 'dir')
    local -ar ___header=('auto' 'yes' 'no')
    local -ar ___on_bad_row=('fail' 'skip')
    local -ar ___engine=('scalar' 'simd' 'opencl' 'auto')
    local -ar ___normalize=('none' 'scale' 'standardize')
    local -ar ___layout=('hwc' 'chw')
    local -ar ___progress=('auto' 'always' 'never')
    local -ar arg_specs=(
        '*:inputs:'
        '*--images[An image array (.npy or IDX, plain or .gz, or an .npz member as data.npz\:NAME); repeat for several, read in order. A quoted glob ('\''part-*.npy'\'') expands to the matching files, sorted.]:images:'
        '*--labels[The label array (.npy, IDX or data.npz\:NAME; integers, one per image) of each image array, in the same order.]:labels:'
        '(--output -o)'{--output,-o}'[The output directory (created if missing).]:output:'
        '--records-per-shard[Records per shard; the last shard holds the rest. (default\: 3000)]:records-per-shard:'
        '--shards[A fixed number of shards of nearly equal record counts (needs a first pass to count CSV rows).]:shards:'
        '--shard-size[Shards of at most this many bytes of records, e.g. 256MiB, 1GB, 64K.]:shard-size:'
        '--naming[Shard names\: reference (file_00-3000.tfrec) or tfds (<name>-<split>.tfrecord-00000-of-00007, with the dataset_info.json and features.json that tfds.builder_from_directory reads).]:naming:{__tfrec_complete "${___naming[@]}"}'
        '--name[The dataset name in tfds names.]:name:'
        '--split[The split in tfds names.]:split:'
        '--name-template[Shard file names\: {shard}, {count} and {shards}, zero-padded with e.g. {shard\:02}.]:name-template:'
        '--overwrite[Replace the shards and manifest of an earlier run in the output directory.]'
        '--resume[Keep the shards an interrupted run of the same command completed (checked by SHA-256) and write the rest.]'
        '--manifest[Write manifest.json with record counts and SHA-256 digests of the shards.]'
        '--no-manifest[Write manifest.json with record counts and SHA-256 digests of the shards.]'
        '--compression[Compress each whole shard as TensorFlow'\''s compression_type does\: none, gzip or zlib.]:compression:{__tfrec_complete "${___compression[@]}"}'
        '--compression-level[The zlib compression level, 0 (store) to 9 (smallest).]:compression-level:'
        '--index[Write <shard>.idx beside each shard\: '\''offset size'\'' per record, as DALI and the tfrecord package read.]'
        '--shuffle[Write the records in a random order across all shards, the same for the same input and seed.]'
        '--seed[The seed of --shuffle'\''s order (default 0).]:seed:'
        '--schema[The features of image records\: simple (image, label, height, width, filename; labels from 0) or imagenet (the keys of build_imagenet_data.py; labels from 1).]:schema:{__tfrec_complete "${___schema[@]}"}'
        '--labels-file[Classes in label order, one per line\: a class (directory) name or synset, optionally followed by its text (LOC_synset_mapping.txt). Default\: the sorted class directories.]:labels-file:'
        '--label-offset[The label of the first class (default\: 0 for simple, 1 for imagenet).]:label-offset:'
        '--bboxes[A folder of Pascal VOC XML boxes, <image name>.xml in any subfolder (ImageNet'\''s bounding boxes); with --schema imagenet.]:bboxes:'
        '--val-labels[For a flat folder\: the file naming each image'\''s class (lines '\''FILE CLASS'\'', LOC_val_solution.csv, or one class per line in sorted file order).]:val-labels:'
        '--splits[Convert several folders in one run, e.g. train=DIR,validation=DIR\: shards SPLIT-00000-of-00008, one labels.txt and one manifest.]:splits:'
        '--on-error[What to do with an image file that cannot be read or decoded\: fail (nothing is written) or skip (listed in errors.tsv; exit 4).]:on-error:{__tfrec_complete "${___on_error[@]}"}'
        '--verify-images[header\: JPEGs pass through after a check of their header and end marker; full\: decode every image.]:verify-images:{__tfrec_complete "${___verify_images[@]}"}'
        '--max-side[Shrink images whose longer side exceeds N pixels to N (never enlarges); JPEG quality 90 unless --quality.]:max-side:'
        '--short-side[Shrink images whose shorter side exceeds N pixels to N (never enlarges).]:short-side:'
        '--plan[Write shards of this plan (OUT/plan.json from tfrec plan) into its directory.]:plan:'
        '--task-index[This task'\''s index from 0, or auto\: read it from the scheduler'\''s environment.]:task-index:'
        '--task-count[The number of tasks; task I writes shards ⌊I·S/N⌋ to ⌊(I+1)·S/N⌋−1 of the plan'\''s S.]:task-count:'
        '--shard[Write only this shard of the plan.]:shard:'
        '--encoding[How the image feature stores pixels\: int64-bytes (as the reference workflow), uint8, int64-list, jpeg or png.]:encoding:{__tfrec_complete "${___encoding[@]}"}'
        '--label-from[For image folders\: labels from the file name'\''s _<label> suffix (name) or the parent directory (dir).]:label-from:{__tfrec_complete "${___label_from[@]}"}'
        '--quality[JPEG quality, 1-100 (default 95; 90 for images shrunk by --max-side or --short-side).]:quality:'
        '--shape[The image shape HxWxC (default\: a square gray image inferred from the pixel count, 784 → 28x28x1).]:shape:'
        '--image-key[The key of the image feature.]:image-key:'
        '--label-key[The key of the label feature.]:label-key:'
        '--label-column[The 0-based field index of the label, or '\''none'\'' for rows without a label.]:label-column:'
        '--header[Whether the first line is a header\: auto (a first field that is not a number), yes or no.]:header:{__tfrec_complete "${___header[@]}"}'
        '--on-bad-row[What to do with a row that does not parse\: fail (nothing is written) or skip (listed in rejected.txt).]:on-bad-row:{__tfrec_complete "${___on_bad_row[@]}"}'
        '--threads[Parse and encode threads (default\: the number of cores).]:threads:'
        '--engine[Compute engine\: scalar (the reference), simd, opencl (pixel transform on an OpenCL device), or auto.]:engine:{__tfrec_complete "${___engine[@]}"}'
        '--device[The OpenCL device for --engine opencl|auto\: auto, P\:D (see tfrec devices) or part of its name.]:device:'
        '--normalize[Pixel transform for float encodings\: none (the values), scale (x / 255) or standardize.]:normalize:{__tfrec_complete "${___normalize[@]}"}'
        '--mean[Per-channel means for --normalize standardize, in pixel units\: M or M,M,M.]:mean:'
        '--std[Per-channel standard deviations for --normalize standardize\: S or S,S,S.]:std:'
        '--layout[Layout of float values\: hwc (as in the CSV) or chw (channel first).]:layout:{__tfrec_complete "${___layout[@]}"}'
        '--progress[Show a progress bar on stderr\: auto (when stderr is a terminal), always or never.]:progress:{__tfrec_complete "${___progress[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_images() {
    local -i ret=1
    local -ar ___format=('jpeg' 'png')
    local -ar ___subsampling=('4:4:4' '4:2:2' '4:2:0')
    local -ar ___png_compression=('fast' 'standard')
    local -ar ___naming=('random' 'index')
    local -ar ___header=('auto' 'yes' 'no')
    local -ar ___progress=('auto' 'always' 'never')
    local -ar arg_specs=(
        ':input:'
        '(--output -o)'{--output,-o}'[The output directory (created if missing).]:output:'
        '--format[The image file format\: jpeg or png.]:format:{__tfrec_complete "${___format[@]}"}'
        '--quality[JPEG quality, 1-100.]:quality:'
        '--subsampling[JPEG chroma subsampling of RGB images\: 4\:2\:0 (as TensorFlow and Pillow), 4\:2\:2 or 4\:4\:4.]:subsampling:{__tfrec_complete "${___subsampling[@]}"}'
        '--png-compression[PNG compression\: fast (no filters, zlib level 3; smaller for digits) or standard (as tf.io.encode_png).]:png-compression:{__tfrec_complete "${___png_compression[@]}"}'
        '--shape[The image shape HxWxC, e.g. 28x28x1 (default\: a square gray image).]:shape:'
        '--naming[File names\: random (<12 digits>_<label>, as the reference) or index (000001_<label>).]:naming:{__tfrec_complete "${___naming[@]}"}'
        '--seed[Seed of the random names (default\: different names every run).]:seed:'
        '--label-column[The 0-based field index of the label, or '\''none'\'' for rows without a label.]:label-column:'
        '--header[Whether the first line is a header\: auto (a first field that is not a number), yes or no.]:header:{__tfrec_complete "${___header[@]}"}'
        '--threads[Parse and encode threads (default\: the number of cores). The files are the same for any number.]:threads:'
        '--progress[Show a progress bar on stderr\: auto (when stderr is a terminal), always or never.]:progress:{__tfrec_complete "${___progress[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_synth() {
    local -i ret=1
    local -ar arg_specs=(
        '(--output -o)'{--output,-o}'[The CSV file to write.]:output:'
        '--rows[Number of rows.]:rows:'
        '--seed[Seed of the generator.]:seed:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_plan() {
    local -i ret=1
    local -ar arg_specs=(
        '*:arguments:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_finalize() {
    local -i ret=1
    local -ar arg_specs=(
        ':directory:'
        '--task-count[The number of tasks, to name the owner of a missing shard (default\: as the receipts record it).]:task-count:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_verify() {
    local -i ret=1
    local -ar ___compression=('auto' 'none' 'gzip' 'zlib')
    local -ar ___progress=('auto' 'always' 'never')
    local -ar arg_specs=(
        '*:paths:'
        '--name-template[How shard names encode their record counts.]:name-template:'
        '--max-errors[Stop after this many errors (default\: no limit, every file is read to its end).]:max-errors:'
        '--threads[Files checked at a time (default\: the number of cores). The report is the same for any number.]:threads:'
        '--compression[How the files are compressed\: auto (detect from the first bytes of each file), none, gzip or zlib.]:compression:{__tfrec_complete "${___compression[@]}"}'
        '--progress[Show a progress bar on stderr\: auto (when stderr is a terminal), always or never.]:progress:{__tfrec_complete "${___progress[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_status() {
    local -i ret=1
    local -ar arg_specs=(
        ':directory:'
        '--task-count[The number of tasks to group the shards by (default\: as the receipts record it).]:task-count:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_salvage() {
    local -i ret=1
    local -ar ___progress=('auto' 'always' 'never')
    local -ar arg_specs=(
        ':input:'
        '(--output -o)'{--output,-o}'[The record file to write; never the input.]:output:'
        '--overwrite[Replace the output file if it exists.]'
        '--progress[Show a progress bar on stderr\: auto (when stderr is a terminal), always or never.]:progress:{__tfrec_complete "${___progress[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_clean() {
    local -i ret=1
    local -ar arg_specs=(
        '*:directories:'
        '--dry-run[List what would be removed; remove nothing.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_inspect() {
    local -i ret=1
    local -ar ___compression=('auto' 'none' 'gzip' 'zlib')
    local -ar arg_specs=(
        '*:paths:'
        '--label-key[The feature whose values make the histogram.]:label-key:'
        '--name-template[How shard names look, to find them in directories.]:name-template:'
        '--compression[How the files are compressed\: auto (detect from the first bytes of each file), none, gzip or zlib.]:compression:{__tfrec_complete "${___compression[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_dump() {
    local -i ret=1
    local -ar ___format=('csv' 'jsonl' 'npy')
    local -ar ___encoding=('int64-bytes' 'uint8' 'int64-list' 'jpeg' 'png' 'float32' 'float-list')
    local -ar ___compression=('auto' 'none' 'gzip' 'zlib')
    local -ar ___progress=('auto' 'always' 'never')
    local -ar arg_specs=(
        '*:paths:'
        '(--output -o)'{--output,-o}'[The file to write (default\: standard output).]:output:'
        '--format[The output format\: csv, jsonl or npy (images to the file, labels to <file>.labels.npy); SequenceExample files\: jsonl only.]:format:{__tfrec_complete "${___format[@]}"}'
        '--encoding[How bytes image features are stored\: int64-bytes or uint8 (default\: from the manifest or inferred).]:encoding:{__tfrec_complete "${___encoding[@]}"}'
        '--image-key[The key of the image feature.]:image-key:'
        '--label-key[The key of the label feature.]:label-key:'
        '--name-template[How shard names look, to find them in directories.]:name-template:'
        '--compression[How the files are compressed\: auto (detect from the first bytes of each file), none, gzip or zlib.]:compression:{__tfrec_complete "${___compression[@]}"}'
        '--threads[Threads that decode and format records (default\: the number of cores). The output is the same for any number.]:threads:'
        '--progress[Show a progress bar on stderr\: auto (when stderr is a terminal), always or never.]:progress:{__tfrec_complete "${___progress[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_preview() {
    local -i ret=1
    local -ar ___color=('auto' '24bit' '256' 'none')
    local -ar ___encoding=('int64-bytes' 'uint8' 'int64-list' 'jpeg' 'png' 'float32' 'float-list')
    local -ar ___compression=('auto' 'none' 'gzip' 'zlib')
    local -ar arg_specs=(
        '*:paths:'
        '(--output -o)'{--output,-o}'[The PNG file to write.]:output:'
        '--count[How many images to show (default\: 64, or the cells of --grid).]:count:'
        '--grid[Columns and rows of the sheet, COLSxROWS (default\: square-ish; in the terminal, as many columns as fit).]:grid:'
        '--scale[Enlarge each image this many times, nearest neighbour (default\: 2; 1 with --terminal).]:scale:'
        '--terminal[Print the images to standard output as text instead of writing a PNG.]'
        '--color[Terminal colours\: auto, 24bit, 256 or none.]:color:{__tfrec_complete "${___color[@]}"}'
        '--encoding[How the image feature is stored\: int64-bytes, uint8, float32, jpeg, png, int64-list or float-list (default\: from the manifest or inferred).]:encoding:{__tfrec_complete "${___encoding[@]}"}'
        '--shape[The image shape HxWxC of raw pixel values (default\: from the manifest, or a square gray image).]:shape:'
        '--image-key[The key of the image feature.]:image-key:'
        '--label-key[The key of the label feature.]:label-key:'
        '--name-template[How shard names look, to find them in directories.]:name-template:'
        '--compression[How the files are compressed\: auto (detect from the first bytes of each file), none, gzip or zlib.]:compression:{__tfrec_complete "${___compression[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_index() {
    local -i ret=1
    local -ar ___progress=('auto' 'always' 'never')
    local -ar arg_specs=(
        '*:paths:'
        '--name-template[How shard names look, to find them in directories.]:name-template:'
        '--threads[Files indexed at a time (default\: the number of cores). The output is the same for any number.]:threads:'
        '--progress[Show a progress bar on stderr\: auto (when stderr is a terminal), always or never.]:progress:{__tfrec_complete "${___progress[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_devices() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_bench() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print the report as JSON instead of a table.]'
        '--plot[Also draw the figures as a bar chart into this PNG file.]:plot:'
        '--quick[Tiny sizes, each measurement once\: checks that every stage runs, in a second; the figures mean little.]'
        '--threads[Threads of the seed job and of the multi-threaded deflate (default\: the number of cores).]:threads:'
        '--transform-batches[Measure only the pixel transform, at these batch sizes (images per call, comma-separated).]:transform-batches:'
        '--device[With --transform-batches\: the OpenCL device, auto, P\:D or a part of its name (see tfrec devices).]:device:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_tfrec_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _tfrec ]]; then
    _tfrec "${@}"
else
    compdef _tfrec tfrec
fi

function __tfrec_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __tfrec_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __tfrec_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __tfrec_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __tfrec_parse_tokens -S
    set -l unparsed_tokens (__tfrec_tokens -pc)
    switch $unparsed_tokens[1]
    case 'tfrec'
        __tfrec_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'convert'
            __tfrec_parse_subcommand -r 1 'images=+' 'labels=+' 'o/output=' 'records-per-shard=' 'shards=' 'shard-size=' 'naming=' 'name=' 'split=' 'name-template=' 'overwrite' 'resume' 'manifest' 'no-manifest' 'compression=' 'compression-level=' 'index' 'shuffle' 'seed=' 'schema=' 'labels-file=' 'label-offset=' 'bboxes=' 'val-labels=' 'splits=' 'on-error=' 'verify-images=' 'max-side=' 'short-side=' 'plan=' 'task-index=' 'task-count=' 'shard=' 'encoding=' 'label-from=' 'quality=' 'shape=' 'image-key=' 'label-key=' 'label-column=' 'header=' 'on-bad-row=' 'threads=' 'engine=' 'device=' 'normalize=' 'mean=' 'std=' 'layout=' 'progress=' 'version' 'h/help'
        case 'images'
            __tfrec_parse_subcommand 1 'o/output=' 'format=' 'quality=' 'subsampling=' 'png-compression=' 'shape=' 'naming=' 'seed=' 'label-column=' 'header=' 'threads=' 'progress=' 'version' 'h/help'
        case 'synth'
            __tfrec_parse_subcommand 0 'o/output=' 'rows=' 'seed=' 'version' 'h/help'
        case 'plan'
            __tfrec_parse_subcommand -r 1 'version' 'h/help'
        case 'finalize'
            __tfrec_parse_subcommand 1 'task-count=' 'version' 'h/help'
        case 'verify'
            __tfrec_parse_subcommand -r 1 'name-template=' 'max-errors=' 'threads=' 'compression=' 'progress=' 'version' 'h/help'
        case 'status'
            __tfrec_parse_subcommand 1 'task-count=' 'version' 'h/help'
        case 'salvage'
            __tfrec_parse_subcommand 1 'o/output=' 'overwrite' 'progress=' 'version' 'h/help'
        case 'clean'
            __tfrec_parse_subcommand -r 1 'dry-run' 'version' 'h/help'
        case 'inspect'
            __tfrec_parse_subcommand -r 1 'label-key=' 'name-template=' 'compression=' 'version' 'h/help'
        case 'dump'
            __tfrec_parse_subcommand -r 1 'o/output=' 'format=' 'encoding=' 'image-key=' 'label-key=' 'name-template=' 'compression=' 'threads=' 'progress=' 'version' 'h/help'
        case 'preview'
            __tfrec_parse_subcommand -r 1 'o/output=' 'count=' 'grid=' 'scale=' 'terminal' 'color=' 'encoding=' 'shape=' 'image-key=' 'label-key=' 'name-template=' 'compression=' 'version' 'h/help'
        case 'index'
            __tfrec_parse_subcommand -r 1 'name-template=' 'threads=' 'progress=' 'version' 'h/help'
        case 'devices'
            __tfrec_parse_subcommand 0 'version' 'h/help'
        case 'bench'
            __tfrec_parse_subcommand 0 'json' 'plot=' 'quick' 'threads=' 'transform-batches=' 'device=' 'version' 'h/help'
        case 'help'
            __tfrec_parse_subcommand -r 1 'version'
        end
    end
end

function __tfrec_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __tfrec_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __tfrec_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __tfrec_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__tfrec_tokens -p)
    if test -z "$(__tfrec_tokens -t)"
        set -l index (count (__tfrec_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'tfrec' -f
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'convert' -d 'Convert numeric CSVs (label, then pixel values 0-255), .npy / IDX arrays or a folder of images into TFRecord shards.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'images' -d 'Write one JPEG or PNG file per row of a numeric CSV (label, then pixel values 0-255).'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'synth' -d 'Write a deterministic MNIST-like CSV of synthetic handwritten digits.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'plan' -d 'Plan a conversion for many tasks: write OUT/plan.json, the table of shards, without converting.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'finalize' -d 'Check that every shard of a plan is written and write its manifest.json.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'verify' -d 'Check every record\'s CRCs, parse every Example, and match shard names and the manifest.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'status' -d 'List the shards of a plan that are done, being written and missing, per task.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'salvage' -d 'Copy the records of a damaged record file that still verify into a new file.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'clean' -d 'Remove the temporary files and resumable parts that killed or interrupted runs left in output directories.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'inspect' -d 'Print the kind, schema, record counts and label histogram of record files.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'dump' -d 'Write records back out as CSV or JSON lines (the inverse of convert).'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'preview' -d 'Show the first images of record files: a contact-sheet PNG, or text in the terminal.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'index' -d 'Write <file>.idx beside existing record files, as DALI and the tfrecord package read them.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'devices' -d 'List the OpenCL devices that --device can select.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'bench' -d 'Measure each conversion stage on every engine of this machine, and the seed job.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_positional "tfrec" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert"' -l 'images' -d 'An image array (.npy or IDX, plain or .gz, or an .npz member as data.npz:NAME); repeat for several, read in order. A quoted glob (\'part-*.npy\') expands to the matching files, sorted.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert"' -l 'labels' -d 'The label array (.npy, IDX or data.npz:NAME; integers, one per image) of each image array, in the same order.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" o output' -l 'output' -s 'o' -d 'The output directory (created if missing).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" records-per-shard' -l 'records-per-shard' -d 'Records per shard; the last shard holds the rest. (default: 3000)' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" shards' -l 'shards' -d 'A fixed number of shards of nearly equal record counts (needs a first pass to count CSV rows).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" shard-size' -l 'shard-size' -d 'Shards of at most this many bytes of records, e.g. 256MiB, 1GB, 64K.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" naming' -l 'naming' -d 'Shard names: reference (file_00-3000.tfrec) or tfds (<name>-<split>.tfrecord-00000-of-00007, with the dataset_info.json and features.json that tfds.builder_from_directory reads).' -rfka 'reference tfds'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" name' -l 'name' -d 'The dataset name in tfds names.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" split' -l 'split' -d 'The split in tfds names.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" name-template' -l 'name-template' -d 'Shard file names: {shard}, {count} and {shards}, zero-padded with e.g. {shard:02}.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" overwrite' -l 'overwrite' -d 'Replace the shards and manifest of an earlier run in the output directory.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" resume' -l 'resume' -d 'Keep the shards an interrupted run of the same command completed (checked by SHA-256) and write the rest.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" manifest' -l 'manifest' -d 'Write manifest.json with record counts and SHA-256 digests of the shards.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" no-manifest' -l 'no-manifest' -d 'Write manifest.json with record counts and SHA-256 digests of the shards.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" compression' -l 'compression' -d 'Compress each whole shard as TensorFlow\'s compression_type does: none, gzip or zlib.' -rfka 'none gzip zlib'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" compression-level' -l 'compression-level' -d 'The zlib compression level, 0 (store) to 9 (smallest).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" index' -l 'index' -d 'Write <shard>.idx beside each shard: \'offset size\' per record, as DALI and the tfrecord package read.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" shuffle' -l 'shuffle' -d 'Write the records in a random order across all shards, the same for the same input and seed.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" seed' -l 'seed' -d 'The seed of --shuffle\'s order (default 0).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" schema' -l 'schema' -d 'The features of image records: simple (image, label, height, width, filename; labels from 0) or imagenet (the keys of build_imagenet_data.py; labels from 1).' -rfka 'simple imagenet'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" labels-file' -l 'labels-file' -d 'Classes in label order, one per line: a class (directory) name or synset, optionally followed by its text (LOC_synset_mapping.txt). Default: the sorted class directories.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" label-offset' -l 'label-offset' -d 'The label of the first class (default: 0 for simple, 1 for imagenet).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" bboxes' -l 'bboxes' -d 'A folder of Pascal VOC XML boxes, <image name>.xml in any subfolder (ImageNet\'s bounding boxes); with --schema imagenet.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" val-labels' -l 'val-labels' -d 'For a flat folder: the file naming each image\'s class (lines \'FILE CLASS\', LOC_val_solution.csv, or one class per line in sorted file order).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" splits' -l 'splits' -d 'Convert several folders in one run, e.g. train=DIR,validation=DIR: shards SPLIT-00000-of-00008, one labels.txt and one manifest.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" on-error' -l 'on-error' -d 'What to do with an image file that cannot be read or decoded: fail (nothing is written) or skip (listed in errors.tsv; exit 4).' -rfka 'fail skip'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" verify-images' -l 'verify-images' -d 'header: JPEGs pass through after a check of their header and end marker; full: decode every image.' -rfka 'header full'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" max-side' -l 'max-side' -d 'Shrink images whose longer side exceeds N pixels to N (never enlarges); JPEG quality 90 unless --quality.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" short-side' -l 'short-side' -d 'Shrink images whose shorter side exceeds N pixels to N (never enlarges).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" plan' -l 'plan' -d 'Write shards of this plan (OUT/plan.json from tfrec plan) into its directory.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" task-index' -l 'task-index' -d 'This task\'s index from 0, or auto: read it from the scheduler\'s environment.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" task-count' -l 'task-count' -d 'The number of tasks; task I writes shards ⌊I·S/N⌋ to ⌊(I+1)·S/N⌋−1 of the plan\'s S.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" shard' -l 'shard' -d 'Write only this shard of the plan.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" encoding' -l 'encoding' -d 'How the image feature stores pixels: int64-bytes (as the reference workflow), uint8, int64-list, jpeg or png.' -rfka 'int64-bytes uint8 int64-list jpeg png float32 float-list'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" label-from' -l 'label-from' -d 'For image folders: labels from the file name\'s _<label> suffix (name) or the parent directory (dir).' -rfka 'name dir'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" quality' -l 'quality' -d 'JPEG quality, 1-100 (default 95; 90 for images shrunk by --max-side or --short-side).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" shape' -l 'shape' -d 'The image shape HxWxC (default: a square gray image inferred from the pixel count, 784 → 28x28x1).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" image-key' -l 'image-key' -d 'The key of the image feature.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" label-key' -l 'label-key' -d 'The key of the label feature.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" label-column' -l 'label-column' -d 'The 0-based field index of the label, or \'none\' for rows without a label.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" header' -l 'header' -d 'Whether the first line is a header: auto (a first field that is not a number), yes or no.' -rfka 'auto yes no'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" on-bad-row' -l 'on-bad-row' -d 'What to do with a row that does not parse: fail (nothing is written) or skip (listed in rejected.txt).' -rfka 'fail skip'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" threads' -l 'threads' -d 'Parse and encode threads (default: the number of cores).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" engine' -l 'engine' -d 'Compute engine: scalar (the reference), simd, opencl (pixel transform on an OpenCL device), or auto.' -rfka 'scalar simd opencl auto'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" device' -l 'device' -d 'The OpenCL device for --engine opencl|auto: auto, P:D (see tfrec devices) or part of its name.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" normalize' -l 'normalize' -d 'Pixel transform for float encodings: none (the values), scale (x / 255) or standardize.' -rfka 'none scale standardize'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" mean' -l 'mean' -d 'Per-channel means for --normalize standardize, in pixel units: M or M,M,M.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" std' -l 'std' -d 'Per-channel standard deviations for --normalize standardize: S or S,S,S.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" layout' -l 'layout' -d 'Layout of float values: hwc (as in the CSV) or chw (channel first).' -rfka 'hwc chw'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" progress' -l 'progress' -d 'Show a progress bar on stderr: auto (when stderr is a terminal), always or never.' -rfka 'auto always never'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec convert" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" o output' -l 'output' -s 'o' -d 'The output directory (created if missing).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" format' -l 'format' -d 'The image file format: jpeg or png.' -rfka 'jpeg png'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" quality' -l 'quality' -d 'JPEG quality, 1-100.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" subsampling' -l 'subsampling' -d 'JPEG chroma subsampling of RGB images: 4:2:0 (as TensorFlow and Pillow), 4:2:2 or 4:4:4.' -rfka '4:4:4 4:2:2 4:2:0'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" png-compression' -l 'png-compression' -d 'PNG compression: fast (no filters, zlib level 3; smaller for digits) or standard (as tf.io.encode_png).' -rfka 'fast standard'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" shape' -l 'shape' -d 'The image shape HxWxC, e.g. 28x28x1 (default: a square gray image).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" naming' -l 'naming' -d 'File names: random (<12 digits>_<label>, as the reference) or index (000001_<label>).' -rfka 'random index'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" seed' -l 'seed' -d 'Seed of the random names (default: different names every run).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" label-column' -l 'label-column' -d 'The 0-based field index of the label, or \'none\' for rows without a label.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" header' -l 'header' -d 'Whether the first line is a header: auto (a first field that is not a number), yes or no.' -rfka 'auto yes no'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" threads' -l 'threads' -d 'Parse and encode threads (default: the number of cores). The files are the same for any number.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" progress' -l 'progress' -d 'Show a progress bar on stderr: auto (when stderr is a terminal), always or never.' -rfka 'auto always never'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec images" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec synth" o output' -l 'output' -s 'o' -d 'The CSV file to write.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec synth" rows' -l 'rows' -d 'Number of rows.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec synth" seed' -l 'seed' -d 'Seed of the generator.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec synth" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec synth" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec plan" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec plan" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec finalize" task-count' -l 'task-count' -d 'The number of tasks, to name the owner of a missing shard (default: as the receipts record it).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec finalize" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec finalize" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec verify" name-template' -l 'name-template' -d 'How shard names encode their record counts.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec verify" max-errors' -l 'max-errors' -d 'Stop after this many errors (default: no limit, every file is read to its end).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec verify" threads' -l 'threads' -d 'Files checked at a time (default: the number of cores). The report is the same for any number.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec verify" compression' -l 'compression' -d 'How the files are compressed: auto (detect from the first bytes of each file), none, gzip or zlib.' -rfka 'auto none gzip zlib'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec verify" progress' -l 'progress' -d 'Show a progress bar on stderr: auto (when stderr is a terminal), always or never.' -rfka 'auto always never'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec verify" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec verify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec status" task-count' -l 'task-count' -d 'The number of tasks to group the shards by (default: as the receipts record it).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec status" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec salvage" o output' -l 'output' -s 'o' -d 'The record file to write; never the input.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec salvage" overwrite' -l 'overwrite' -d 'Replace the output file if it exists.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec salvage" progress' -l 'progress' -d 'Show a progress bar on stderr: auto (when stderr is a terminal), always or never.' -rfka 'auto always never'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec salvage" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec salvage" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec clean" dry-run' -l 'dry-run' -d 'List what would be removed; remove nothing.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec clean" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec clean" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec inspect" label-key' -l 'label-key' -d 'The feature whose values make the histogram.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec inspect" name-template' -l 'name-template' -d 'How shard names look, to find them in directories.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec inspect" compression' -l 'compression' -d 'How the files are compressed: auto (detect from the first bytes of each file), none, gzip or zlib.' -rfka 'auto none gzip zlib'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec inspect" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec inspect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec dump" o output' -l 'output' -s 'o' -d 'The file to write (default: standard output).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec dump" format' -l 'format' -d 'The output format: csv, jsonl or npy (images to the file, labels to <file>.labels.npy); SequenceExample files: jsonl only.' -rfka 'csv jsonl npy'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec dump" encoding' -l 'encoding' -d 'How bytes image features are stored: int64-bytes or uint8 (default: from the manifest or inferred).' -rfka 'int64-bytes uint8 int64-list jpeg png float32 float-list'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec dump" image-key' -l 'image-key' -d 'The key of the image feature.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec dump" label-key' -l 'label-key' -d 'The key of the label feature.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec dump" name-template' -l 'name-template' -d 'How shard names look, to find them in directories.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec dump" compression' -l 'compression' -d 'How the files are compressed: auto (detect from the first bytes of each file), none, gzip or zlib.' -rfka 'auto none gzip zlib'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec dump" threads' -l 'threads' -d 'Threads that decode and format records (default: the number of cores). The output is the same for any number.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec dump" progress' -l 'progress' -d 'Show a progress bar on stderr: auto (when stderr is a terminal), always or never.' -rfka 'auto always never'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec dump" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec dump" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" o output' -l 'output' -s 'o' -d 'The PNG file to write.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" count' -l 'count' -d 'How many images to show (default: 64, or the cells of --grid).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" grid' -l 'grid' -d 'Columns and rows of the sheet, COLSxROWS (default: square-ish; in the terminal, as many columns as fit).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" scale' -l 'scale' -d 'Enlarge each image this many times, nearest neighbour (default: 2; 1 with --terminal).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" terminal' -l 'terminal' -d 'Print the images to standard output as text instead of writing a PNG.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" color' -l 'color' -d 'Terminal colours: auto, 24bit, 256 or none.' -rfka 'auto 24bit 256 none'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" encoding' -l 'encoding' -d 'How the image feature is stored: int64-bytes, uint8, float32, jpeg, png, int64-list or float-list (default: from the manifest or inferred).' -rfka 'int64-bytes uint8 int64-list jpeg png float32 float-list'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" shape' -l 'shape' -d 'The image shape HxWxC of raw pixel values (default: from the manifest, or a square gray image).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" image-key' -l 'image-key' -d 'The key of the image feature.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" label-key' -l 'label-key' -d 'The key of the label feature.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" name-template' -l 'name-template' -d 'How shard names look, to find them in directories.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" compression' -l 'compression' -d 'How the files are compressed: auto (detect from the first bytes of each file), none, gzip or zlib.' -rfka 'auto none gzip zlib'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec preview" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec index" name-template' -l 'name-template' -d 'How shard names look, to find them in directories.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec index" threads' -l 'threads' -d 'Files indexed at a time (default: the number of cores). The output is the same for any number.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec index" progress' -l 'progress' -d 'Show a progress bar on stderr: auto (when stderr is a terminal), always or never.' -rfka 'auto always never'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec index" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec index" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec devices" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec devices" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec bench" json' -l 'json' -d 'Print the report as JSON instead of a table.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec bench" plot' -l 'plot' -d 'Also draw the figures as a bar chart into this PNG file.' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec bench" quick' -l 'quick' -d 'Tiny sizes, each measurement once: checks that every stage runs, in a second; the figures mean little.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec bench" threads' -l 'threads' -d 'Threads of the seed job and of the multi-threaded deflate (default: the number of cores).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec bench" transform-batches' -l 'transform-batches' -d 'Measure only the pixel transform, at these batch sizes (images per call, comma-separated).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec bench" device' -l 'device' -d 'With --transform-batches: the OpenCL device, auto, P:D or a part of its name (see tfrec devices).' -rfka ''
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec bench" version' -l 'version' -d 'Show the version.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec bench" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'tfrec' -n '__tfrec_should_offer_completions_for_flags_or_options "tfrec help" version' -l 'version' -d 'Show the version.'

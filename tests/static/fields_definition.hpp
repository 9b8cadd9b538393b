// A definition using the keys added for issue 8 item 3 (event filters and activity types,
// workflow_dispatch inputs, run-name, concurrency, defaults.run, container), shared by
// fields_static.cpp, programs/fields_yaml.cpp and tests/unit/static_/fields_test.cpp.
#pragma once

#include "pipewright/static_/workflow.hpp"

namespace pipewright_test {

using namespace pipewright::static_;

inline constexpr auto fields_workflow = workflow{
    "Release",
    run_name{"Release ${{ inputs.level }} by @${{ github.actor }}"},
    on::push{branches{"main", "release/**"}, tags{"v*"}, paths_ignore{"docs/**"}},
    on::pull_request{branches_ignore{"wip/**"}, types{"opened", "synchronize", "reopened"},
                     paths{"src/**"}},
    on::event{"pull_request_target", "main", types{"labeled"}},
    on::workflow_dispatch{input{"level", description{"How much to release"}, input_type{"choice"},
                                required{}, default_{"patch"}, options{"patch", "minor", "major"}},
                          input{"dry-run", input_type{"boolean"}, default_{false}},
                          input{"retries", input_type{"number"}, default_{3}}},
    on::event{"release", types{"published"}},
    concurrency{"release-${{ github.ref }}", true},
    defaults_run{shell{"bash"}, working_directory{"scripts"}},
    job{"build", runs_on{"ubuntu-latest"},
        container{"node:20", env({{"NODE_ENV", "${{ matrix.node }}"}, {"CI", true}}), ports{"8080"},
                  options{"--cpus 1"}},
        matrix{axis{"node", {"production", "test"}}},
        concurrency{"build-${{ github.ref }}-${{ matrix.node }}",
                    "${{ github.ref != 'refs/heads/main' }}"},
        defaults_run{working_directory{"web"}}, step{uses{"actions/checkout@v4"}},
        step{run{"npm ci && npm run build"}}},
    job{"publish", needs{"build"}, runs_on{"ubuntu-latest"}, concurrency{"publish"},
        defaults_run{shell{"pwsh"}},
        if_{"github.event_name == 'workflow_dispatch' || startsWith(github.ref, 'refs/tags/')"},
        step{run{"./publish.ps1 ${{ inputs.level }}"}}}};

}  // namespace pipewright_test

// Agent state as structure of arrays (one vector per field) plus the enums
// that label roles, customer status, acquisition channel and NPS class.
// Fields read by other agents during a tick (employee states, NPS class) are
// double-buffered: `cur` is read, `next` is written, the engine swaps them.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace ambassim {

enum class Role : std::uint8_t { front_line = 0, back_office = 1, manager = 2 };
inline constexpr int kRoles = 3;
inline constexpr std::array<const char*, kRoles> kRoleNames{"front_line", "back_office", "manager"};

// `outside`: a slot of the market's reserve, not in the market (no events);
// the stationary market is set from these slots at the end of the warm-up.
enum class CustomerStatus : std::uint8_t { prospect = 0, active = 1, churned = 2, outside = 3 };
enum class Channel : std::uint8_t { none = 0, initial = 1, marketing = 2, referral = 3 };
// NPS class of an active customer; `none` for prospects and churned people.
enum class NpsClass : std::uint8_t { none = 0, promoter = 1, passive = 2, detractor = 3 };

// Employee state in [0,1] except tenure; indices are grouped by unit and,
// inside a unit, managers first, then front line, then back office.
struct EmployeeStates {
    std::vector<float> engagement, customer_focus, ambassadorship, experience;
    void resize(std::size_t n) {
        engagement.resize(n);
        customer_focus.resize(n);
        ambassadorship.resize(n);
        experience.resize(n);
    }
};

struct Employees {
    EmployeeStates cur, next;
    std::vector<std::int32_t> hire_tick;  // tick of hiring (negative: before the run)
    std::vector<Role> role;
    std::vector<std::uint32_t> unit;
    std::vector<std::uint32_t> manager;  // index of the team's manager (self for managers)
    std::size_t size() const { return role.size(); }
};

// Everyone in the market: active customers, prospects and churned customers.
// People are grouped by unit (the store/branch that serves them).
struct Customers {
    std::vector<float> satisfaction, bond;
    std::vector<float> disposition;       // fixed personal offset to the likelihood to recommend
    std::vector<CustomerStatus> status;
    std::vector<Channel> channel;
    std::vector<std::int32_t> acquired_tick;
    std::vector<std::uint8_t> ltr;        // last likelihood-to-recommend score 0..10
    std::vector<NpsClass> nps_cur, nps_next;
    // Event schedules (absolute tick numbers): the next service need of an
    // active customer, and the next candidate churn (active) or adoption
    // (prospect, churned) event, sampled by thinning (see docs/model.md 7.8).
    std::vector<std::int32_t> next_need, next_candidate;
    // Service needs are exact event times (customer_dynamics.hpp, NeedSchedule):
    // how many needs fall in tick next_need, and when the first later one falls
    // (ticks after the end of tick next_need).
    std::vector<std::uint8_t> need_count;
    std::vector<float> need_after;
    std::size_t size() const { return status.size(); }
};

// Compressed sparse row adjacency: neighbours of v are
// targets[offsets[v] .. offsets[v+1]).
struct Csr {
    std::vector<std::uint64_t> offsets{0};
    std::vector<std::uint32_t> targets;
    std::size_t vertices() const { return offsets.size() - 1; }
    std::size_t degree(std::size_t v) const { return offsets[v + 1] - offsets[v]; }
};

}  // namespace ambassim

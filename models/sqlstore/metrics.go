package sqlstore

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// PoolCollectors report the statistics of the writer's, the readers' and
// the prompt connection pools (connections open and in use, waits for
// one) to Prometheus, labelled writer, reader and prompt, without handing
// the pools out.
func (s *Store) PoolCollectors() []prometheus.Collector {
	writer, reader := s.pools()
	prompt, _ := s.prompt.DB()
	return []prometheus.Collector{collectors.NewDBStatsCollector(writer, "writer"), collectors.NewDBStatsCollector(reader, "reader"),
		collectors.NewDBStatsCollector(prompt, "prompt")}
}
